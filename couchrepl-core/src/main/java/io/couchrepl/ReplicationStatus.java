package io.couchrepl;

import io.couchrepl.protocol.ReplicationStats;
import io.couchrepl.protocol.Seq;
import java.util.Optional;

/**
 * A snapshot of a replication: its state, id, the sequence its last checkpoint covers, its
 * counters, and the error that ended it ({@link ReplicationState#FAILED}) or that it is recovering
 * from ({@link ReplicationState#CRASHING}), if there is one. Contains no credentials.
 */
public record ReplicationStatus(
        ReplicationState state,
        String replicationId,
        Optional<Seq> checkpointedSeq,
        ReplicationStats stats,
        Optional<ReplicationException> error) {}
