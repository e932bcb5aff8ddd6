package io.couchrepl;

import io.couchrepl.protocol.ReplicationStats;

/**
 * Hears what a {@link Sync} does, for an application that reads and writes the local store. Every
 * method has a no-op default and is called on a replication thread: return quickly.
 */
public interface SyncListener {

    /** Revisions from the remote arrived in the local store. */
    default void onChangesArrived(ReplicationStats batch, SyncStatus status) {}

    /** Local revisions reached the remote. */
    default void onPushed(ReplicationStats batch, SyncStatus status) {}

    /** Both directions are caught up and waiting (continuous), or paused. */
    default void onPaused(SyncStatus status) {}

    /** One direction ended with an error; {@code pull} tells which. */
    default void onError(boolean pull, ReplicationException error, SyncStatus status) {}
}
