package io.couchrepl.protocol;

/**
 * Replication counters, named and counted as CouchDB's replicator counts them: the one record for
 * a page's outcome, a run's totals and a replication log's history entry.
 *
 * @param docsRead              revisions fetched from the source ({@code docs_read})
 * @param docsWritten           revisions the target accepted ({@code docs_written})
 * @param docWriteFailures      revisions the target refused ({@code doc_write_failures})
 * @param missingRevisionsFound revisions the target lacked ({@code missing_found})
 * @param revisionsChecked      revisions asked of the target with {@code _revs_diff} ({@code missing_checked})
 * @param changesRead           rows read from the changes feed; a replication log does not keep it
 */
public record ReplicationStats(
        long docsRead,
        long docsWritten,
        long docWriteFailures,
        long missingRevisionsFound,
        long revisionsChecked,
        long changesRead) {

    public static final ReplicationStats ZERO = new ReplicationStats(0, 0, 0, 0, 0, 0);

    public ReplicationStats plus(ReplicationStats other) {
        return new ReplicationStats(
                docsRead + other.docsRead,
                docsWritten + other.docsWritten,
                docWriteFailures + other.docWriteFailures,
                missingRevisionsFound + other.missingRevisionsFound,
                revisionsChecked + other.revisionsChecked,
                changesRead + other.changesRead);
    }

    /** These counters as a replication log keeps them: without {@link #changesRead}. */
    public ReplicationStats asLogged() {
        return changesRead == 0 ? this
                : new ReplicationStats(docsRead, docsWritten, docWriteFailures, missingRevisionsFound, revisionsChecked, 0);
    }
}
