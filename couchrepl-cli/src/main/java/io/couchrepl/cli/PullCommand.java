package io.couchrepl.cli;

import io.couchrepl.ReplicationOptions;
import io.couchrepl.ReplicationState;
import io.couchrepl.ReplicationStatus;
import io.couchrepl.Replicator;
import io.couchrepl.http.CouchUrl;
import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.store.SqliteStore;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code couchrepl pull SOURCE_URL STORE}: replicates a CouchDB database into the durable store. */
@Command(
        name = "pull",
        mixinStandardHelpOptions = true,
        description = {
            "Replicates a CouchDB database into a local store.",
            "Every revision with its history, deletions and conflicts; a second run resumes",
            "from the checkpoint. Prints a JSON summary on stdout; progress on stderr when it",
            "is a terminal."
        })
final class PullCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE_URL",
            description = "The database, e.g. http://user:password@127.0.0.1:5984/db")
    String source;

    @Parameters(index = "1", paramLabel = "STORE", description = "Path of the store file; created if absent.")
    Path store;

    @Option(names = "--continuous", description = "Keep following the source's changes until interrupted (Ctrl-C).")
    boolean continuous;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + ReplicationOptions.DEFAULT_BATCH_SIZE,
            description = "Changes per batch, 1 to 10000 (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--repl-id", paramLabel = "ID",
            description = "Replication id to use instead of the one derived from source and store.")
    String replicationId;

    @Option(names = {"-v", "--verbose"}, description = "Log what the replication does on stderr.")
    boolean verbose;

    /** The options these arguments ask for; refuses invalid values with the option's name. */
    ReplicationOptions options() {
        try {
            return ReplicationOptions.builder()
                    .continuous(continuous)
                    .batchSize(batchSize)
                    .replicationId(replicationId)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage()
                    .replace("batchSize", "--batch-size")
                    .replace("replicationId", "--repl-id"), e);
        }
    }

    @Override
    @SuppressWarnings("try") // the Interrupts resource only needs to be closed
    public Integer call() throws Exception {
        ReplicationOptions options = options();
        CouchUrl url = CouchUrl.parse(source);
        PrintWriter out = spec.commandLine().getOut();
        PrintStream err = System.err;
        long started = System.nanoTime();
        try (RemoteDatabase db = RemoteDatabase.open(url)) {
            // Ask the source first, so a wrong URL creates no empty store.
            db.checkReachable();
            try (SqliteStore target = Stores.openOrCreate(store)) {
                Replicator replicator = Replicator.create(db, target, options);
                TerminalProgress progress = null;
                if (TerminalProgress.stderrIsTerminal()) {
                    progress = new TerminalProgress(err);
                    replicator.addListener(progress);
                }
                ReplicationStatus status;
                try (Interrupts interrupts = Interrupts.stopOnSignal(replicator::stop)) {
                    status = replicator.run();
                } finally {
                    if (progress != null) {
                        progress.finish();
                    }
                }
                long elapsed = (System.nanoTime() - started) / 1_000_000;
                out.println(Summary.of(status, url.withoutCredentials(), store.toString(), elapsed));
                out.flush();
                if (status.state() == ReplicationState.FAILED) {
                    Throwable error = status.error().orElseThrow();
                    spec.commandLine().getErr().println("couchrepl: " + Failures.describe(error));
                    return Failures.exitCode(error);
                }
                if (status.state() == ReplicationState.STOPPED && !continuous) {
                    return ExitCodes.INTERRUPTED;
                }
                return ExitCodes.OK;
            }
        }
    }
}
