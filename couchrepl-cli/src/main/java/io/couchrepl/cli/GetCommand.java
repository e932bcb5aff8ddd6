package io.couchrepl.cli;

import io.couchrepl.edit.DocJson;
import io.couchrepl.protocol.Rev;
import io.couchrepl.spi.DocException;
import io.couchrepl.store.SqliteStore;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code couchrepl get STORE DOC_ID}: a document of the store, as CouchDB's {@code GET /db/DOC_ID} answers. */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description = {
            "Prints a document of a local store, as GET does on CouchDB.",
            "GET /db/DOC_ID: the winning revision; a deleted document is not found. --rev prints",
            "a given revision, --conflicts adds _conflicts (the live leaves that lost), --open-revs",
            "prints every leaf as open_revs=all does."
        })
final class GetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DocArguments doc;

    @Option(names = "--rev", paramLabel = "REV", converter = RevConverter.class,
            description = "Print this revision (deleted or not) instead of the winner.")
    Rev rev;

    @Option(names = "--conflicts", description = "Add _conflicts: the live leaves that lose to the winner.")
    boolean conflicts;

    @Option(names = "--open-revs", description = "Print every leaf, deleted ones included: [{\"ok\":{...}},...].")
    boolean openRevs;

    @Override
    public Integer call() throws DocException, IOException {
        checkCombination();
        String answer;
        try (SqliteStore db = Stores.openExisting(doc.store)) {
            if (openRevs) {
                answer = DocJson.openRevs(db.openRevs(doc.id));
            } else if (rev != null) {
                answer = DocJson.doc(db.get(doc.id, rev), List.of());
            } else {
                answer = DocJson.doc(db.get(doc.id), conflicts ? db.conflicts(doc.id) : List.of());
            }
        }
        spec.commandLine().getOut().println(answer);
        return ExitCodes.OK;
    }

    private void checkCombination() {
        if (openRevs && (rev != null || conflicts)) {
            throw new ParameterException(spec.commandLine(), "--open-revs prints every leaf: it takes neither --rev nor --conflicts");
        }
        if (rev != null && conflicts) {
            throw new ParameterException(spec.commandLine(), "--conflicts lists the conflicts of the winner: it cannot be combined with --rev");
        }
    }
}
