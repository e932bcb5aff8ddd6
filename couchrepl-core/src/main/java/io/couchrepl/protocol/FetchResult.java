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

    /** Looks up one held revision, as a local store does. */
    @FunctionalInterface
    public interface Lookup {
        java.util.Optional<DocRevision> revision(String id, Rev rev) throws java.io.IOException;
    }

    /** What a store that holds revisions answers: each requested one it holds, the others not found. */
    public static FetchResult fromHeld(List<RevRequest> requests, Lookup lookup) throws java.io.IOException {
        List<DocRevision> found = new java.util.ArrayList<>();
        List<NotFound> missing = new java.util.ArrayList<>();
        for (RevRequest request : requests) {
            for (Rev rev : request.revs()) {
                java.util.Optional<DocRevision> revision = lookup.revision(request.id(), rev);
                if (revision.isPresent()) {
                    found.add(revision.get());
                } else {
                    missing.add(new NotFound(request.id(), rev, "missing"));
                }
            }
        }
        return new FetchResult(found, missing);
    }
}
