package io.couchrepl.cli;

import io.couchrepl.store.SqliteStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code couchrepl dump STORE}: every leaf revision, one JSON line each, as CouchDB returns it for
 * {@code open_revs=all&revs=true}, with {@code _attachments} stubs.
 */
@Command(
        name = "dump",
        mixinStandardHelpOptions = true,
        description = {
            "Prints every leaf revision of a store, one JSON line each.",
            "Deleted leaves included, sorted by _id then _rev, each as CouchDB returns it for",
            "GET /db/doc?open_revs=all&revs=true, attachments as _attachments stubs."
        })
final class DumpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STORE", description = "Path of the store file.")
    Path store;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        try (SqliteStore db = Stores.openExisting(store)) {
            BufferedWriter writer = new BufferedWriter(out, 1 << 16);
            try {
                db.forEachLeaf(revision -> {
                    try {
                        writer.write(revision.toCouchJson());
                        writer.write('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            writer.flush();
        }
        return ExitCodes.OK;
    }
}
