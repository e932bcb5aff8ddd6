package io.couchrepl.cli;

import io.couchrepl.edit.DocJson;
import io.couchrepl.protocol.Rev;
import io.couchrepl.spi.DocException;
import io.couchrepl.store.SqliteStore;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

    @Mixin
    DocArguments doc;

    @Option(names = "--rev", paramLabel = "REV", required = true, converter = RevConverter.class,
            description = "The leaf to delete.")
    Rev rev;

    @Override
    public Integer call() throws DocException, IOException {
        try (SqliteStore db = Stores.openExisting(doc.store)) {
            Rev tombstone = db.delete(doc.id, rev);
            spec.commandLine().getOut().println(DocJson.ok(doc.id, tombstone));
        }
        return ExitCodes.OK;
    }
}
