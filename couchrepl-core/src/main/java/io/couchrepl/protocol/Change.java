package io.couchrepl.protocol;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of a {@code _changes} feed read with {@code style=all_docs}: a document and all of its
 * leaf revisions, the winner first.
 *
 * <p>A row may come without its sequence: asked with {@code seq_interval}, CouchDB computes one only
 * every so many rows, which saves it much of a feed's cost. A page is checkpointed by its
 * {@link ChangesBatch#lastSeq()}, never by a row's.
 */
public record Change(Optional<Seq> seq, String id, List<Rev> revs, boolean deleted) {

    public Change(Seq seq, String id, List<Rev> revs, boolean deleted) {
        this(Optional.of(seq), id, revs, deleted);
    }

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
