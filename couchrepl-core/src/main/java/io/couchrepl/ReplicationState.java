package io.couchrepl;

/** Where a replication is in its life. */
public enum ReplicationState {
    /** Created or reading its checkpoint. */
    STARTING,
    /** Moving changes from source to target. */
    REPLICATING,
    /** Continuous, caught up, waiting for the source to change. */
    WAITING,
    /**
     * Continuous, and the source (or an HTTP target) stayed unreachable through its retries (an
     * outage, a restart, a locked account): waiting, longer after each failure, to start again from
     * the last checkpoint.
     * {@link ReplicationStatus#error()} holds the last failure. It recovers by itself: the next
     * page written or the first wait for changes makes it {@link #REPLICATING} or {@link #WAITING}.
     */
    CRASHING,
    /** Paused by {@link Replicator#pause()}, after its last checkpoint. */
    PAUSED,
    /** One-shot, all changes replicated. */
    COMPLETED,
    /** Ended by an error; see {@link ReplicationStatus#error()}. */
    FAILED,
    /** Ended by {@link Replicator#stop()}. */
    STOPPED;

    /** Whether the replication has ended. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == STOPPED;
    }

    /** The lower-case word used in JSON output. */
    public String word() {
        return name().toLowerCase();
    }
}
