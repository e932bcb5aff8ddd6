package io.couchrepl.cli;

import io.couchrepl.ReplicationOptions;
import picocli.CommandLine.Option;

/** How often a continuous replication writes its log and hears from a waiting source; shared by every replicating command. */
final class PaceArgs {

    @Option(names = "--checkpoint-interval", paramLabel = "DURATION", defaultValue = "5s",
            description = "How often a continuous replication records its log on a remote peer (30, 30s, 500ms, 2m;"
                    + " default: ${DEFAULT-VALUE}); CouchDB's checkpoint_interval.")
    String checkpointInterval;

    @Option(names = "--heartbeat", paramLabel = "DURATION", defaultValue = "10s",
            description = "How often a waiting source sends a heartbeat in continuous mode, at least 100ms"
                    + " (default: ${DEFAULT-VALUE}); the heartbeat of CouchDB's _changes feed.")
    String heartbeat;

    /** Sets both on {@code options}; a value that is no duration is refused naming its option. */
    ReplicationOptions.Builder applyTo(ReplicationOptions.Builder options) {
        return options.checkpointInterval(Durations.parse("--checkpoint-interval", checkpointInterval))
                .heartbeat(Durations.parse("--heartbeat", heartbeat));
    }

    /** The library's message for a value out of range, with the option's name. */
    static IllegalArgumentException named(IllegalArgumentException e) {
        return new IllegalArgumentException(e.getMessage()
                .replace("checkpointInterval", "--checkpoint-interval")
                .replace("heartbeat", "--heartbeat"), e);
    }
}
