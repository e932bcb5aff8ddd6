package io.couchrepl.protocol;

import java.util.List;
import java.util.Objects;

/**
 * Revisions of one document to fetch with their history; {@code attsSince} names revisions the
 * target holds, so attachments they share need not be sent again.
 */
public record RevRequest(String id, List<Rev> revs, List<Rev> attsSince) {

    public RevRequest {
        Objects.requireNonNull(id, "id");
        revs = List.copyOf(revs);
        attsSince = List.copyOf(attsSince);
        if (revs.isEmpty()) {
            throw new IllegalArgumentException("a request for " + id + " names no revision");
        }
    }
}
