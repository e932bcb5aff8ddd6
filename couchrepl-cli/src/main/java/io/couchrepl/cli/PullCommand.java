package io.couchrepl.cli;

import io.couchrepl.CheckpointPlacement;
import io.couchrepl.ReplicationOptions;
import io.couchrepl.Replicator;
import io.couchrepl.http.CouchUrl;
import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.store.SqliteStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code couchrepl pull SOURCE_URL STORE}: replicates a CouchDB database into the durable store. */
@Command(
        name = "pull",
        mixinStandardHelpOptions = true,
        description = {
            "Replicates a CouchDB database into a local store.",
            "Every revision with its history, deletions and conflicts; a second run resumes",
            "from the checkpoint (kept in the store unless --checkpoint says otherwise).",
            "Prints a JSON summary on stdout; progress on stderr when it is a terminal."
        })
final class PullCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE_URL",
            description = "The database, e.g. https://user@127.0.0.1:5984/db or http://user:password@host:5984/db")
    String source;

    @Parameters(index = "1", paramLabel = "STORE", description = "Path of the store file; created if absent.")
    Path store;

    @Mixin
    ReplicationArgs args;

    @Mixin
    EventArgs events;

    @Mixin
    ConnectionArgs connection;

    ReplicationOptions options() {
        return args.options(CheckpointPlacement.TARGET);
    }

    @Override
    public Integer call() throws Exception {
        ReplicationOptions options = options();
        events.validate();
        CouchUrl url = CouchUrl.parse(source);
        try (RemoteDatabase db = connection.open(url)) {
            // Ask the source first, so a wrong URL creates no empty store.
            db.checkReachable();
            try (SqliteStore target = Stores.openOrCreate(store)) {
                Replicator replicator = Replicator.create(db, target, options);
                if (options.checkpoints().usesTarget()) {
                    target.notePeer(replicator.replicationId(), "source", url.withoutCredentials());
                }
                return ReplicationRun.run(replicator, options.continuous(),
                        url.withoutCredentials(), store.toString(), events.lines(spec.commandLine().getOut()),
                        spec.commandLine().getOut(),
                        spec.commandLine().getErr());
            }
        }
    }
}
