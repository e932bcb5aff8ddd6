package io.couchrepl.protocol;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/** One answer of a {@code _changes} request: its rows, its {@code last_seq} and, when the source says, how many changes remain. */
public record ChangesBatch(List<Change> changes, Seq lastSeq, OptionalLong pending) {

    public ChangesBatch {
        changes = List.copyOf(changes);
        Objects.requireNonNull(lastSeq, "lastSeq");
        Objects.requireNonNull(pending, "pending");
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }
}
