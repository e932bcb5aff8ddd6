package io.couchrepl.cli;

import io.couchrepl.edit.DocException;
import io.couchrepl.edit.DocJson;
import io.couchrepl.protocol.Rev;
import io.couchrepl.store.SqliteStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code couchrepl delete STORE DOC_ID --rev REV}: deletes a leaf, as CouchDB's {@code DELETE /db/DOC_ID?rev=REV} does. */
@Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        description = {
            "Deletes a document of a local store, as DELETE does on CouchDB.",
            "DELETE /db/DOC_ID?rev=REV: REV must be a current leaf. The winner deletes the",
            "document, a losing leaf resolves a conflict. Prints {\"ok\":true,\"id\":...,\"rev\":...}",
            "with the tombstone's revision."
        })
final class DeleteCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STORE", description = "Path of the store file.")
    Path store;

    @Parameters(index = "1", paramLabel = "DOC_ID", description = "The document's id.")
    String id;

    @Option(names = "--rev", paramLabel = "REV", required = true, converter = RevConverter.class,
            description = "The leaf to delete.")
    Rev rev;

    @Override
    public Integer call() throws DocException, IOException {
        try (SqliteStore db = Stores.openExisting(store)) {
            Rev tombstone = db.delete(id, rev);
            spec.commandLine().getOut().println(DocJson.ok(id, tombstone));
        }
        return ExitCodes.OK;
    }
}
