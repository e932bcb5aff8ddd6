package io.couchrepl.mirror;

import io.couchrepl.ReplicationException;
import io.couchrepl.protocol.ReplicationStats;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a {@link Mirror} did, per database: the counters of all its turns added up, and the error of
 * its last turn if that failed. Contains no credentials.
 */
public record MirrorResult(Map<String, DatabaseResult> databases) {

    /** One database's part. */
    public record DatabaseResult(ReplicationStats stats, Optional<ReplicationException> error) {}

    public MirrorResult {
        databases = Map.copyOf(databases);
    }

    /** The databases whose last turn failed, by name. */
    public Map<String, ReplicationException> failures() {
        Map<String, ReplicationException> failed = new TreeMap<>();
        databases.forEach((db, result) -> result.error().ifPresent(e -> failed.put(db, e)));
        return failed;
    }

    /** Every database's counters added up. */
    public ReplicationStats total() {
        return databases.values().stream().map(DatabaseResult::stats).reduce(ReplicationStats.ZERO, ReplicationStats::plus);
    }
}
