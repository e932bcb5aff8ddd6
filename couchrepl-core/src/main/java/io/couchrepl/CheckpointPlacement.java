package io.couchrepl;

/** Where a replication keeps its log. */
public enum CheckpointPlacement {
    /** In the target, written with each batch (the default for local stores). */
    TARGET,
    /** In the source and the target, like CouchDB; a run resumes where both logs agree. */
    BOTH,
    /**
     * In the source (or a pinned store), like PouchDB: a deleted and recreated local store resumes
     * from it without a full resync.
     */
    SOURCE,
    /** Nowhere: every run starts from the beginning (or from {@code since}). */
    NONE;

    public boolean usesTarget() {
        return this == TARGET || this == BOTH;
    }

    public boolean usesRemote() {
        return this == SOURCE || this == BOTH;
    }

    /** The lower-case word used on the command line. */
    public String word() {
        return name().toLowerCase();
    }
}
