package io.couchrepl.cli;

import io.couchrepl.CheckpointPlacement;
import io.couchrepl.ReplicationOptions;
import io.couchrepl.ReplicationState;
import io.couchrepl.Sync;
import io.couchrepl.SyncStatus;
import io.couchrepl.http.CouchUrl;
import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.store.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code couchrepl sync STORE URL}: pull and push, so the store and the database hold the same revisions. */
@Command(
        name = "sync",
        mixinStandardHelpOptions = true,
        description = {
            "Replicates both ways between a local store and a CouchDB database.",
            "Pulls, then pushes (both at once with --continuous). Both replication logs are kept",
            "in the database, so a store deleted and created again resumes where it was."
        })
final class SyncCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STORE", description = "Path of the store file; created if absent.")
    Path store;

    @Parameters(index = "1", paramLabel = "URL", description = "The database, e.g. http://user:password@127.0.0.1:5984/db")
    String remote;

    @Option(names = "--continuous", description = "Keep syncing until interrupted (Ctrl-C).")
    boolean continuous;

    @Option(names = "--create-target", description = "Create the database if it does not exist.")
    boolean createTarget;

    @Option(names = {"-v", "--verbose"}, description = "Log what the replications do on stderr.")
    boolean verbose;

    @Mixin
    PaceArgs pace;

    @Mixin
    EventArgs events;

    @Mixin
    ConnectionArgs connection;

    ReplicationOptions options() {
        try {
            return pace.applyTo(ReplicationOptions.builder().continuous(continuous)
                    .checkpoints(CheckpointPlacement.TARGET)).build();
        } catch (IllegalArgumentException e) {
            throw PaceArgs.named(e);
        }
    }

    @Override
    @SuppressWarnings("try") // the Interrupts resource only needs to be closed
    public Integer call() throws Exception {
        CouchUrl url = CouchUrl.parse(remote);
        ReplicationOptions options = options();
        events.validate();
        long started = System.nanoTime();
        try (RemoteDatabase db = connection.open(url)) {
            Targets.prepare(db, createTarget);
            try (SqliteStore local = Stores.openOrCreate(store)) {
                Sync sync = Sync.create(local, db, options);
                events.lines(spec.commandLine().getOut()).ifPresent(
                        lines -> sync.reportNewConflicts().addReplicationListeners(lines.forDirection("pull"),
                                lines.forDirection("push")));
                SyncStatus status;
                try (Interrupts interrupts = Interrupts.stopOnSignal(sync::stop)) {
                    if (continuous) {
                        sync.start();
                        do {
                            status = sync.await(Duration.ofSeconds(1));
                            if (status.state() == ReplicationState.FAILED) {
                                // One direction failed: end the other at its checkpoint too.
                                sync.stop();
                            }
                        } while (!status.pull().state().isTerminal() || !status.push().state().isTerminal());
                    } else {
                        status = sync.run();
                    }
                }
                long elapsed = (System.nanoTime() - started) / 1_000_000;
                spec.commandLine().getOut().println(Summary.ofSync(status, store.toString(), url.withoutCredentials(), elapsed));
                spec.commandLine().getOut().flush();
                int pull = ReplicationRun.exitCode(status.pull(), continuous, spec.commandLine().getErr());
                int push = status.pull().state() == ReplicationState.FAILED ? ExitCodes.OK
                        : ReplicationRun.exitCode(status.push(), continuous, spec.commandLine().getErr());
                return pull != ExitCodes.OK ? pull : push;
            }
        }
    }
}
