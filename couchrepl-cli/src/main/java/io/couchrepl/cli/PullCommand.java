package io.couchrepl.cli;

import io.couchrepl.ReplicationOptions;
import io.couchrepl.checkpoint.CheckpointPlacement;
import io.couchrepl.protocol.ChangesFilter;
import io.couchrepl.ReplicationState;
import io.couchrepl.ReplicationStatus;
import io.couchrepl.Replicator;
import io.couchrepl.http.CouchUrl;
import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.store.SqliteStore;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    @Option(names = "--doc-id", paramLabel = "ID",
            description = "Replicate only this document (repeat for several): filter=_doc_ids.")
    List<String> docIds = new ArrayList<>();

    @Option(names = "--selector", paramLabel = "JSON",
            description = "Replicate only documents this Mango selector matches: filter=_selector.")
    String selector;

    @Option(names = "--filter", paramLabel = "DDOC/NAME",
            description = "Replicate only documents this design document filter function accepts.")
    String filter;

    @Option(names = "--param", paramLabel = "KEY=VALUE",
            description = "A query parameter for --filter (repeat for several).")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--winning-revs-only",
            description = "Replicate only each document's winning revision, not its conflicts.")
    boolean winningRevsOnly;

    @Option(names = "--since", paramLabel = "SEQ",
            description = "Start at this source sequence instead of the checkpoint (0 for the beginning).")
    String since;

    @Option(names = "--checkpoint", paramLabel = "WHERE", defaultValue = "target",
            description = "Where to keep the replication log: target, both, source or none (default: ${DEFAULT-VALUE}).")
    String checkpoint;

    @Option(names = {"-v", "--verbose"}, description = "Log what the replication does on stderr.")
    boolean verbose;

    /** The options these arguments ask for; refuses invalid values with the option's name. */
    ReplicationOptions options() {
        try {
            ReplicationOptions.Builder options = ReplicationOptions.builder()
                    .continuous(continuous)
                    .batchSize(batchSize)
                    .replicationId(replicationId)
                    .winningRevsOnly(winningRevsOnly)
                    .checkpoints(placement());
            changesFilter().ifPresent(options::filter);
            if (since != null) {
                options.since(FilterArguments.seq(since));
            }
            return options.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage()
                    .replace("batchSize", "--batch-size")
                    .replace("replicationId", "--repl-id"), e);
        }
    }

    private CheckpointPlacement placement() {
        for (CheckpointPlacement p : CheckpointPlacement.values()) {
            if (p.word().equals(checkpoint)) {
                return p;
            }
        }
        throw new IllegalArgumentException("--checkpoint must be target, both, source or none, got \"" + checkpoint + "\"");
    }

    private Optional<ChangesFilter> changesFilter() {
        return FilterArguments.filter(docIds, selector, filter, params);
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
