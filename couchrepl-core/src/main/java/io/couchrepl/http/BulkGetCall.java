package io.couchrepl.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.couchrepl.http.FailureClassifier.Call;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.FetchResult;
import io.couchrepl.protocol.Rev;
import io.couchrepl.protocol.RevRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST _bulk_get?revs=true&latest=true}: the revisions a page lacks, with their attachments.
 * A server without {@code _bulk_get} is asked per document ({@link OpenRevsCall}) from then on.
 */
final class BulkGetCall {

    private static final Logger log = LoggerFactory.getLogger(BulkGetCall.class);

    private final CouchClient client;
    private final AttachmentSpool spool;
    private final ConcurrentParts parts;
    private final OpenRevsCall openRevs;
    private volatile boolean bulkGetUnsupported;

    BulkGetCall(CouchClient client, AttachmentSpool spool, ConcurrentParts parts) {
        this.client = client;
        this.spool = spool;
        this.parts = parts;
        this.openRevs = new OpenRevsCall(client, spool);
    }

    /**
     * Fetches the revisions with their attachments: CouchDB sends the bodies as binary parts
     * ({@code Accept: multipart/mixed}), PouchDB Server inlines them as base64; both stream into the
     * spool. Each request's {@code attsSince} becomes {@code atts_since}, so attachments the target
     * holds with those revisions come as stubs. The caller releases the bodies once written.
     */
    FetchResult fetch(List<RevRequest> requests) throws IOException {
        if (requests.isEmpty()) {
            return RevisionsAnswer.NOTHING;
        }
        if (!bulkGetUnsupported) {
            try {
                // A page goes out as a few requests at once; each is halved on its own if refused as too large.
                return parts.send(wanted(requests),
                        some -> BatchSplitter.send(Call.BULK_GET, some, this::bulkGet, RevisionsAnswer::merge,
                                BatchSplitter.rethrow(Call.BULK_GET)),
                        RevisionsAnswer::merge, result -> result.revisions().forEach(DocRevision::releaseBodies));
            } catch (CouchHttpException e) {
                if (FailureClassifier.classify(Call.BULK_GET, e) != FailureClassifier.Outcome.FALL_BACK) {
                    throw e;
                }
                log.info("{} has no _bulk_get ({} {}); fetching documents one by one", client.url().withoutCredentials(),
                        e.status(), e.error());
                bulkGetUnsupported = true;
            }
        }
        FetchResult result = RevisionsAnswer.NOTHING;
        for (RevRequest request : requests) {
            result = RevisionsAnswer.merge(result, openRevs.openRevs(request));
        }
        return result;
    }

    /** One revision of one document, as {@code _bulk_get} lists them, so a batch halves at any revision. */
    record Wanted(String id, Rev rev, List<Rev> attsSince) {}

    private static List<Wanted> wanted(List<RevRequest> requests) {
        List<Wanted> wanted = new ArrayList<>();
        for (RevRequest request : requests) {
            for (Rev rev : request.revs()) {
                wanted.add(new Wanted(request.id(), rev, request.attsSince()));
            }
        }
        return wanted;
    }

    /**
     * One part of a page, first as JSON with attachments as stubs: a multipart answer costs CouchDB
     * about a fifth more CPU, documents without attachments included. The documents that turn out to
     * have attachments are asked again with their bodies, as CouchDB's own replicator does.
     */
    private FetchResult bulkGet(List<Wanted> wanted) throws IOException {
        FetchResult plain = bulkGet(wanted, "/_bulk_get?revs=true&latest=true", "application/json");
        Set<String> withAttachments = new HashSet<>();
        for (DocRevision revision : plain.revisions()) {
            if (!revision.attachments().isEmpty()) {
                withAttachments.add(revision.id());
            }
        }
        if (withAttachments.isEmpty()) {
            return plain;
        }
        FetchResult bodies = bulkGet(wanted.stream().filter(w -> withAttachments.contains(w.id())).toList(),
                "/_bulk_get?revs=true&latest=true&attachments=true", RevisionsAnswer.MULTIPART_MIXED);
        // Those documents' first answers (stubs, unless a server inlined bodies anyway) give way to the second.
        plain.revisions().stream().filter(r -> withAttachments.contains(r.id())).forEach(DocRevision::releaseBodies);
        FetchResult rest = new FetchResult(
                plain.revisions().stream().filter(r -> !withAttachments.contains(r.id())).toList(),
                plain.notFound().stream().filter(n -> !withAttachments.contains(n.id())).toList());
        return RevisionsAnswer.merge(rest, bodies);
    }

    private FetchResult bulkGet(List<Wanted> wanted, String path, String accept) throws IOException {
        return client.call(Call.BULK_GET, "POST", path, CouchClient.Upload.json(body(wanted)), accept,
                (type, in) -> RevisionsAnswer.read(in, type, "_bulk_get of " + client.url().withoutCredentials(),
                        idsByRev(wanted), spool, (found, notFound) -> RevisionsParser.parseBulkGet(in, spool, found, notFound)));
    }

    /**
     * The document of each requested revision: the error parts of a multipart {@code _bulk_get}
     * name only the revision. Asked again, a revision names the next document that requested it.
     */
    static Function<Rev, String> idsByRev(List<Wanted> wanted) {
        Map<Rev, Deque<String>> ids = new HashMap<>();
        for (Wanted w : wanted) {
            ids.computeIfAbsent(w.rev(), r -> new ArrayDeque<>()).add(w.id());
        }
        return rev -> {
            Deque<String> candidates = rev == null ? null : ids.get(rev);
            return candidates == null || candidates.isEmpty() ? null : candidates.poll();
        };
    }

    /** {@code {"docs":[{"id":..,"rev":..,"atts_since":[..]},..]}}. */
    static byte[] body(List<Wanted> wanted) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(wanted.size() * 96);
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("docs");
            for (Wanted w : wanted) {
                g.writeStartObject();
                g.writeStringField("id", w.id());
                g.writeStringField("rev", w.rev().toString());
                if (!w.attsSince().isEmpty()) {
                    g.writeArrayFieldStart("atts_since");
                    for (Rev since : w.attsSince()) {
                        g.writeString(since.toString());
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toByteArray();
    }
}
