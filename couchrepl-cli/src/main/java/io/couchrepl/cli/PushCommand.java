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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code couchrepl push STORE TARGET_URL}: replicates the durable store into a CouchDB database. */
@Command(
        name = "push",
        mixinStandardHelpOptions = true,
        description = {
            "Replicates a local store into a CouchDB database.",
            "Every revision with its history, deletions and conflicts, written as they are",
            "(new_edits=false); revisions the database refuses are counted in doc_write_failures.",
            "The replication log is kept in the database unless --checkpoint says otherwise."
        })
final class PushCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STORE", description = "Path of an existing store file.")
    Path store;

    @Parameters(index = "1", paramLabel = "TARGET_URL",
            description = "The database, e.g. http://user:password@127.0.0.1:5984/db")
    String target;

    @Option(names = "--create-target", description = "Create the database if it does not exist.")
    boolean createTarget;

    @Mixin
    ReplicationArgs args;

    @Mixin
    EventArgs events;

    @Mixin
    ConnectionArgs connection;

    @Override
    public Integer call() throws Exception {
        ReplicationOptions options = args.options(CheckpointPlacement.TARGET);
        events.validate();
        CouchUrl url = CouchUrl.parse(target);
        try (SqliteStore source = Stores.openExisting(store);
                RemoteDatabase db = connection.open(url)) {
            Targets.prepare(db, createTarget);
            Replicator replicator = Replicator.create(source, db, options);
            if (options.checkpoints().usesRemote()) {
                source.notePeer(replicator.replicationId(), "target", url.withoutCredentials());
            }
            return ReplicationRun.run(replicator, options.continuous(),
                    store.toString(), url.withoutCredentials(), events.lines(spec.commandLine().getOut()),
                    spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }
}
