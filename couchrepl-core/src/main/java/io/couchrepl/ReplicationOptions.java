package io.couchrepl;

import io.couchrepl.protocol.Seq;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How a replication runs; built and validated once. An invalid value is refused with the option's
 * name, never corrected.
 *
 * @param continuous    follow the feed after catching up, until stopped
 * @param batchSize     changes per page, from 1 to 10,000 (CouchDB's replicator uses 500)
 * @param replicationId overrides the id derived from source, target and feed options
 * @param changesParams further {@code _changes} query options (a filter and its parameters); part of the id
 * @param heartbeat     how often a waiting source sends a heartbeat in continuous mode
 * @param since         start here instead of at the checkpoint
 */
public record ReplicationOptions(
        boolean continuous,
        int batchSize,
        Optional<String> replicationId,
        Map<String, String> changesParams,
        Duration heartbeat,
        Optional<Seq> since) {

    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);

    public ReplicationOptions {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("batchSize must be between 1 and 10000, got " + batchSize);
        }
        Objects.requireNonNull(replicationId, "replicationId");
        replicationId.ifPresent(id -> {
            if (id.isBlank() || id.length() > 200 || id.chars().anyMatch(c -> c < 0x21 || c == '/')) {
                throw new IllegalArgumentException(
                        "replicationId must be 1 to 200 printable characters without spaces or '/', got \"" + id + "\"");
            }
        });
        changesParams = Map.copyOf(new TreeMap<>(Objects.requireNonNull(changesParams, "changesParams")));
        for (String reserved : new String[] {"since", "limit", "feed", "style", "heartbeat", "timeout"}) {
            if (changesParams.containsKey(reserved)) {
                throw new IllegalArgumentException("changesParams must not set \"" + reserved + "\": the engine sets it");
            }
        }
        Objects.requireNonNull(heartbeat, "heartbeat");
        if (heartbeat.toMillis() < 100) {
            throw new IllegalArgumentException("heartbeat must be at least 100 ms, got " + heartbeat.toMillis() + " ms");
        }
        Objects.requireNonNull(since, "since");
    }

    public static Builder builder() {
        return new Builder();
    }

    public static ReplicationOptions defaults() {
        return builder().build();
    }

    /** Collects options; {@link #build()} validates them. */
    public static final class Builder {
        private boolean continuous;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private String replicationId;
        private final Map<String, String> changesParams = new TreeMap<>();
        private Duration heartbeat = DEFAULT_HEARTBEAT;
        private Seq since;

        private Builder() {}

        public Builder continuous(boolean continuous) {
            this.continuous = continuous;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder replicationId(String replicationId) {
            this.replicationId = replicationId;
            return this;
        }

        public Builder changesParam(String name, String value) {
            changesParams.put(name, value);
            return this;
        }

        public Builder heartbeat(Duration heartbeat) {
            this.heartbeat = heartbeat;
            return this;
        }

        public Builder since(Seq since) {
            this.since = since;
            return this;
        }

        public ReplicationOptions build() {
            return new ReplicationOptions(continuous, batchSize, Optional.ofNullable(replicationId),
                    changesParams, heartbeat, Optional.ofNullable(since));
        }
    }
}
