package io.couchrepl.cli;

import io.couchrepl.CheckpointPlacement;
import io.couchrepl.ReplicationOptions;
import io.couchrepl.Replicator;
import io.couchrepl.http.CouchUrl;
import io.couchrepl.http.RemoteDatabase;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code couchrepl replicate SOURCE_URL TARGET_URL}: CouchDB to CouchDB, through this process. */
@Command(
        name = "replicate",
        mixinStandardHelpOptions = true,
        description = {
            "Replicates one CouchDB database into another.",
            "As CouchDB's own replicator does, with the log kept on both databases by default."
        })
final class ReplicateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE_URL", description = "The database to read.")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET_URL", description = "The database to write.")
    String target;

    @Option(names = "--create-target", description = "Create the target database if it does not exist.")
    boolean createTarget;

    @Option(names = "--source-proxy", paramLabel = "URL", description = "The proxy to reach the source through, instead of --proxy.")
    String sourceProxy;

    @Option(names = "--target-proxy", paramLabel = "URL", description = "The proxy to reach the target through, instead of --proxy.")
    String targetProxy;

    @Mixin
    ReplicationArgs args;

    @Mixin
    EventArgs events;

    @Mixin
    ConnectionArgs connection;

    @Override
    public Integer call() throws Exception {
        ReplicationOptions options = args.options(CheckpointPlacement.BOTH);
        events.validate();
        CouchUrl from = CouchUrl.parse(source);
        CouchUrl to = CouchUrl.parse(target);
        try (RemoteDatabase in = connection.open(from, "--source-proxy", sourceProxy);
                RemoteDatabase out = connection.open(to, "--target-proxy", targetProxy)) {
            in.checkReachable();
            Targets.prepare(out, createTarget);
            return ReplicationRun.run(Replicator.create(in, out, options), options.continuous(),
                    from.withoutCredentials(), to.withoutCredentials(), events.lines(spec.commandLine().getOut()), spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        }
    }
}
