package io.couchrepl.engine;

import io.couchrepl.protocol.ChangesFilter;
import io.couchrepl.protocol.Seq;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What the engine needs to know about one run. */
public record EngineConfig(
        String replicationId,
        String sessionId,
        boolean continuous,
        int batchSize,
        Duration heartbeat,
        Map<String, String> changesParams,
        Optional<ChangesFilter> filter,
        boolean winningRevsOnly,
        Optional<Seq> since) {

    public EngineConfig {
        Objects.requireNonNull(replicationId, "replicationId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(heartbeat, "heartbeat");
        changesParams = Map.copyOf(changesParams);
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(since, "since");
    }
}
