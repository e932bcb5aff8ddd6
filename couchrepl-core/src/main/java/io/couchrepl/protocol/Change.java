package io.couchrepl.protocol;

import java.util.List;
import java.util.Objects;

/**
 * One row of a {@code _changes} feed read with {@code style=all_docs}: a document and all of its
 * leaf revisions, the winner first.
 */
public record Change(Seq seq, String id, List<Rev> revs, boolean deleted) {

    public Change {
        Objects.requireNonNull(seq, "seq");
        Objects.requireNonNull(id, "id");
        revs = List.copyOf(revs);
        if (revs.isEmpty()) {
            throw new IllegalArgumentException("a change of \"" + id + "\" lists no revisions");
        }
    }

    /** {@code _local} documents are never replicated. */
    public boolean isLocal() {
        return DocIds.isLocal(id);
    }
}
