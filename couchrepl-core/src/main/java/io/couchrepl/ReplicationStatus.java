package io.couchrepl;

import io.couchrepl.protocol.ReplicationStats;
import io.couchrepl.protocol.Seq;
import io.couchrepl.spi.WriteResult;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of a replication: its state, id, the sequence its last checkpoint covers, its
 * counters, and the error that ended it ({@link ReplicationState#FAILED}) or that it is recovering
 * from ({@link ReplicationState#CRASHING}), if there is one. Contains no credentials.
 *
 * <p>{@code denied} lists the revisions the target refused (id, rev, CouchDB's {@code error} and
 * {@code reason}), the first {@link #DENIED_KEPT} of them; {@code deniedNotKept} counts those
 * beyond. Together they make {@code stats().docWriteFailures()}.
 */
public record ReplicationStatus(
        ReplicationState state,
        String replicationId,
        Optional<Seq> checkpointedSeq,
        ReplicationStats stats,
        Optional<ReplicationException> error,
        List<WriteResult.Failure> denied,
        long deniedNotKept) {

    /** How many refused revisions a status lists; a run refusing more counts the rest. */
    public static final int DENIED_KEPT = 100;

    public ReplicationStatus {
        denied = List.copyOf(denied);
    }

    /** A status without refused revisions. */
    public ReplicationStatus(ReplicationState state, String replicationId, Optional<Seq> checkpointedSeq,
            ReplicationStats stats, Optional<ReplicationException> error) {
        this(state, replicationId, checkpointedSeq, stats, error, List.of(), 0);
    }
}
