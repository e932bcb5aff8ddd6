package io.couchrepl;

/**
 * Replication counters, named and counted as CouchDB's replicator counts them.
 *
 * @param docsRead              revisions fetched from the source
 * @param docsWritten           revisions the target accepted
 * @param docWriteFailures      revisions the target refused
 * @param missingRevisionsFound revisions the target lacked
 * @param revisionsChecked      revisions asked of the target ({@code _revs_diff})
 * @param changesRead           rows read from the changes feed
 */
public record ReplicationStats(
        long docsRead,
        long docsWritten,
        long docWriteFailures,
        long missingRevisionsFound,
        long revisionsChecked,
        long changesRead) {

    public static final ReplicationStats ZERO = new ReplicationStats(0, 0, 0, 0, 0, 0);

    ReplicationStats plus(io.couchrepl.engine.BatchOutcome batch) {
        return new ReplicationStats(
                docsRead + batch.docsRead(),
                docsWritten + batch.docsWritten(),
                docWriteFailures + batch.docWriteFailures(),
                missingRevisionsFound + batch.missingRevisionsFound(),
                revisionsChecked + batch.revisionsChecked(),
                changesRead + batch.changesRead());
    }
}
