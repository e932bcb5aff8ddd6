package io.couchrepl.mirror;

import io.couchrepl.protocol.Seq;
import java.util.List;
import java.util.Objects;

/** One answer of {@code _db_updates}: what happened to which database, and where to ask next. */
public record DbUpdates(List<Update> updates, Seq lastSeq) {

    /** One row: a database and {@code created}, {@code updated} or {@code deleted}. */
    public record Update(String database, String type) {
        public Update {
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(type, "type");
        }

        public boolean isDeleted() {
            return type.equals("deleted");
        }
    }

    public DbUpdates {
        updates = List.copyOf(updates);
        Objects.requireNonNull(lastSeq, "lastSeq");
    }
}
