package io.couchrepl.http;

import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.FetchResult;
import io.couchrepl.protocol.Rev;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** An answer of revisions ({@code _bulk_get}, {@code open_revs}), multipart or JSON, read into a {@link FetchResult}. */
final class RevisionsAnswer {

    static final FetchResult NOTHING = new FetchResult(List.of(), List.of());

    /** CouchDB sends attachment bodies as binary parts only when asked for this; PouchDB Server ignores it. */
    static final String MULTIPART_MIXED = "multipart/mixed";

    /** How a JSON answer is read into the lists. */
    @FunctionalInterface
    interface JsonRevisions {
        void parse(List<DocRevision> found, List<FetchResult.NotFound> notFound) throws IOException;
    }

    private RevisionsAnswer() {}

    /**
     * One answer's revisions. Read again from its start when a retry follows, so the bodies an
     * attempt spooled are released when it fails.
     */
    static FetchResult read(InputStream in, ContentType type, String what, Function<Rev, String> idOf,
            AttachmentSpool spool, JsonRevisions json) throws IOException {
        List<DocRevision> found = new ArrayList<>();
        List<FetchResult.NotFound> notFound = new ArrayList<>();
        try {
            if (type.isMultipart()) {
                MultipartRevisions.parse(in, type, what, idOf, spool, found, notFound);
            } else {
                json.parse(found, notFound);
            }
        } catch (IOException | RuntimeException e) {
            found.forEach(DocRevision::releaseBodies);
            throw e;
        }
        return new FetchResult(found, notFound);
    }

    static FetchResult merge(FetchResult a, FetchResult b) {
        if (a.revisions().isEmpty() && a.notFound().isEmpty()) {
            return b;
        }
        List<DocRevision> found = new ArrayList<>(a.revisions());
        found.addAll(b.revisions());
        List<FetchResult.NotFound> notFound = new ArrayList<>(a.notFound());
        notFound.addAll(b.notFound());
        return new FetchResult(found, notFound);
    }
}
