package io.couchrepl.protocol;

import java.util.List;

/**
 * What a source returned for a list of {@link RevRequest}s: the revisions found and the requested
 * revisions it no longer has (deleted by compaction or purge since {@code _changes} listed them).
 */
public record FetchResult(List<DocRevision> revisions, List<NotFound> notFound) {

    /** A requested revision the source answered {@code not_found} for. */
    public record NotFound(String id, Rev rev, String reason) {}

    public FetchResult {
        revisions = List.copyOf(revisions);
        notFound = List.copyOf(notFound);
    }
}
