package io.couchrepl;

import io.couchrepl.protocol.ReplicationStats;
import io.couchrepl.protocol.Rev;
import io.couchrepl.protocol.Seq;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One page of changes replicated, as PouchDB's {@code change} event tells it: the page's counters
 * ({@code batch}; the run's are in the status that comes with it), the source sequence the page
 * reaches, the changes the source said were still to come after it ({@code pending}, empty when the
 * source does not say), the revisions the target accepted from this page and, when the replicator
 * reports them ({@link Replicator#reportNewConflicts()}), the documents this page left in conflict
 * that were not before (more than one live leaf).
 */
public record ReplicationChange(ReplicationStats batch, Seq lastSeq, OptionalLong pending, List<Revision> written,
        Optional<List<String>> newConflicts) {

    /** A revision written to the target. */
    public record Revision(String id, Rev rev) {
        public Revision {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(rev, "rev");
        }
    }

    public ReplicationChange {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(lastSeq, "lastSeq");
        Objects.requireNonNull(pending, "pending");
        written = List.copyOf(written);
        newConflicts = newConflicts.map(List::copyOf);
    }
}
