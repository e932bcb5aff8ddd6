package io.couchrepl;

import io.couchrepl.protocol.ReplicationStats;
import io.couchrepl.spi.Checkpoint;
import io.couchrepl.spi.WriteResult;
import java.time.Duration;

/**
 * Hears what a replication does. Every method has a no-op default; they are called on the
 * replication's thread, so they should return quickly. An exception thrown by a listener is logged
 * and does not stop the replication.
 *
 * <p>PouchDB's events, one by one: {@code active} is {@link #onActive}; {@code change} is
 * {@link #onChange} (with {@code pending}, {@code last_seq} and the revisions written); {@code denied}
 * is {@link #onDenied}; {@code paused} is {@link #onWaiting} (caught up), {@link #onCrashing} (waiting
 * out an outage, with its cause) or {@link #onPaused} (paused by the application); {@code complete}
 * is {@link #onComplete}; {@code error} is {@link #onError}.
 */
public interface ReplicationListener {

    /** The replication started moving changes (also after a resume). */
    default void onActive(ReplicationStatus status) {}

    /** A page of changes was replicated; {@code batch} counts that page, {@code status} the whole run. */
    default void onBatchWritten(ReplicationStats batch, ReplicationStatus status) {}

    /**
     * A page of changes was replicated: called after {@link #onBatchWritten}, with what the page
     * reached, how many changes the source still has, and the ids and revs written.
     */
    default void onChange(ReplicationChange change, ReplicationStatus status) {}

    /**
     * The target refused this revision ({@code validate_doc_update}, {@code forbidden},
     * {@code unauthorized}, too large), with CouchDB's {@code error} and {@code reason}; it counts in
     * {@code doc_write_failures} and the replication goes on. Called before the page's {@link #onChange}.
     */
    default void onDenied(WriteResult.Failure denied, ReplicationStatus status) {}

    /** A checkpoint was recorded on the target. */
    default void onCheckpoint(Checkpoint checkpoint) {}

    /** Continuous and caught up: waiting for the source to change. */
    default void onWaiting(ReplicationStatus status) {}

    /**
     * Continuous, and the source (or an HTTP target) stayed unreachable: the replication waits
     * {@code retryIn} and then starts again from its last checkpoint. {@code error} is the failure;
     * the state is {@link ReplicationState#CRASHING} until a page is written or the feed is caught
     * up again.
     */
    default void onCrashing(ReplicationException error, Duration retryIn, ReplicationStatus status) {}

    /** Paused; the last checkpoint covers everything written. */
    default void onPaused(ReplicationStatus status) {}

    /** Ended by completing (one-shot) or by a stop. */
    default void onComplete(ReplicationStatus status) {}

    /** Ended by an error. */
    default void onError(ReplicationException error, ReplicationStatus status) {}
}
