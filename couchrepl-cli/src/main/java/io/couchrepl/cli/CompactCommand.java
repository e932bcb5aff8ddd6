package io.couchrepl.cli;

import io.couchrepl.store.CompactionResult;
import io.couchrepl.store.SqliteStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code couchrepl compact STORE}: gives the space the store no longer needs back to the disk. */
@Command(
        name = "compact",
        mixinStandardHelpOptions = true,
        description = {
            "Gives the space a local store no longer needs back to the disk.",
            "Drops what older store versions kept of non-leaf revisions, stems every revision",
            "tree to revs_limit, deletes attachment files no leaf names, and vacuums the file.",
            "Safe to interrupt or kill at any moment; run it again to finish. Prints",
            "{\"ok\":true,\"bytes_before\":...,\"bytes_after\":...}."
        })
final class CompactCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STORE", description = "Path of the store file.")
    Path store;

    @Override
    public Integer call() throws IOException {
        CompactionResult result;
        try (SqliteStore db = Stores.openExisting(store)) {
            result = db.compact();
        }
        spec.commandLine().getOut().println("{\"ok\":true,\"bytes_before\":" + result.bytesBefore()
                + ",\"bytes_after\":" + result.bytesAfter() + ",\"bodies_dropped\":" + result.bodiesDropped()
                + ",\"revisions_stemmed\":" + result.revisionsStemmed()
                + ",\"attachment_bytes_freed\":" + result.attachmentBytesFreed() + "}");
        return ExitCodes.OK;
    }
}
