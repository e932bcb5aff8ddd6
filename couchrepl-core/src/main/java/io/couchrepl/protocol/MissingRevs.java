package io.couchrepl.protocol;

import java.util.List;
import java.util.Objects;

/**
 * What a target answered to {@code _revs_diff} for one document: the revisions it lacks and the
 * revisions it holds that may be their ancestors (usable as {@code atts_since}).
 */
public record MissingRevs(String id, List<Rev> missing, List<Rev> possibleAncestors) {

    public MissingRevs {
        Objects.requireNonNull(id, "id");
        missing = List.copyOf(missing);
        possibleAncestors = List.copyOf(possibleAncestors);
    }
}
