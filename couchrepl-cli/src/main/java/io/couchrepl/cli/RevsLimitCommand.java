package io.couchrepl.cli;

import io.couchrepl.store.SqliteStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code couchrepl revs-limit STORE [N]}: reads or sets the store's revs_limit, as CouchDB's {@code /db/_revs_limit}. */
@Command(
        name = "revs-limit",
        mixinStandardHelpOptions = true,
        description = {
            "Prints a local store's revs_limit, or sets it to N, as GET and PUT /db/_revs_limit do.",
            "How many revisions of each branch a revision tree keeps (1000 unless set). Trees are",
            "stemmed to it as they are next written, and all of them by compact, as CouchDB does.",
            "Setting prints {\"ok\":true}."
        })
final class RevsLimitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STORE", description = "Path of the store file.")
    Path store;

    @Parameters(index = "1", arity = "0..1", paramLabel = "N", description = "The new revs_limit, a whole number of at least 1.")
    String limit;

    @Override
    public Integer call() throws IOException {
        Integer newLimit = limit == null ? null : parse(limit);
        try (SqliteStore db = Stores.openExisting(store)) {
            if (newLimit == null) {
                spec.commandLine().getOut().println(db.revsLimit());
            } else {
                db.setRevsLimit(newLimit);
                spec.commandLine().getOut().println("{\"ok\":true}");
            }
        }
        return ExitCodes.OK;
    }

    private static int parse(String text) {
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("revs_limit must be a whole number of at least 1, got \"" + text + "\"");
    }
}
