package io.couchrepl.attachments;

import io.couchrepl.protocol.Attachment;
import io.couchrepl.protocol.AttachmentBody;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.FetchResult;
import io.couchrepl.protocol.Rev;
import io.couchrepl.protocol.RevRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CouchDB's {@code atts_since} for a source that is a store: which attachments of a revision the
 * receiver already holds, so they go as stubs and only the others with their bodies.
 */
public final class AttsSince {

    /** Gives a stored attachment its body. */
    @FunctionalInterface
    public interface Bodies {
        AttachmentBody of(Attachment stub) throws IOException;
    }

    private AttsSince() {}

    /** What a store fetched, each revision with the bodies its request's {@code attsSince} calls for. */
    public static FetchResult withBodies(FetchResult held, List<RevRequest> requests, Bodies bodies) throws IOException {
        Map<String, List<Rev>> attsSince = new HashMap<>();
        for (RevRequest request : requests) {
            attsSince.putIfAbsent(request.id(), request.attsSince());
        }
        List<DocRevision> revisions = new ArrayList<>(held.revisions().size());
        for (DocRevision revision : held.revisions()) {
            revisions.add(withBodies(revision, attsSince.getOrDefault(revision.id(), List.of()), bodies));
        }
        return new FetchResult(revisions, held.notFound());
    }

    /**
     * The revision with bodies for the attachments changed after the newest of {@code attsSince}
     * that is in its history (all of them when none is), the others as stubs. As CouchDB does, a
     * revision of {@code attsSince} that is not an ancestor says nothing.
     */
    public static DocRevision withBodies(DocRevision revision, List<Rev> attsSince, Bodies bodies) throws IOException {
        if (revision.attachments().isEmpty()) {
            return revision;
        }
        Set<Rev> path = new HashSet<>(revision.path());
        int held = attsSince.stream().filter(path::contains).mapToInt(Rev::pos).max().orElse(0);
        List<Attachment> attachments = new ArrayList<>(revision.attachments().size());
        for (Attachment attachment : revision.attachments()) {
            attachments.add(attachment.revpos() > held ? attachment.withBody(bodies.of(attachment)) : attachment.asStub());
        }
        return revision.withAttachments(attachments);
    }
}
