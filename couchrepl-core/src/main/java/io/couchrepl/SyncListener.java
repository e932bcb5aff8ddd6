package io.couchrepl;

import io.couchrepl.protocol.ReplicationStats;
import io.couchrepl.spi.WriteResult;
import java.time.Duration;

/**
 * Hears what a {@link Sync} does, for an application that reads and writes the local store. Every
 * method has a no-op default and is called on a replication thread: return quickly.
 */
public interface SyncListener {

    /** One direction started moving changes: at the start, after a resume, after an outage. */
    default void onActive(boolean pull, SyncStatus status) {}

    /**
     * The sync as a whole started moving changes: the first direction active at the start, or after
     * {@link #onPaused} (PouchDB's sync {@code active}).
     */
    default void onActive(SyncStatus status) {}

    /** Revisions from the remote arrived in the local store. */
    default void onChangesArrived(ReplicationStats batch, SyncStatus status) {}

    /** Local revisions reached the remote. */
    default void onPushed(ReplicationStats batch, SyncStatus status) {}

    /** Both directions are caught up and waiting (continuous), or paused. */
    default void onPaused(SyncStatus status) {}

    /**
     * One direction (continuous) found the remote unreachable through its retries and waits
     * {@code retryIn} before starting again from its checkpoint; {@code pull} tells which. The
     * sync's state is {@link ReplicationState#CRASHING} until that direction recovers by itself.
     */
    default void onUnavailable(boolean pull, ReplicationException error, Duration retryIn, SyncStatus status) {}

    /** One direction's target refused a revision, with CouchDB's {@code error} and {@code reason}. */
    default void onDenied(boolean pull, WriteResult.Failure denied, SyncStatus status) {}

    /** One direction ended with an error; {@code pull} tells which. */
    default void onError(boolean pull, ReplicationException error, SyncStatus status) {}

    /** Both directions have ended without an error (one-shot done, or stopped): called once, last. */
    default void onComplete(SyncStatus status) {}
}
