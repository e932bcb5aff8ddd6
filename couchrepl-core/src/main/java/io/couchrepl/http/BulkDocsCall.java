package io.couchrepl.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.couchrepl.http.FailureClassifier.Call;
import io.couchrepl.protocol.Attachment;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import io.couchrepl.spi.WriteResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes revisions as replicated edits: {@code POST _bulk_docs} with {@code new_edits:false}, and a
 * revision with attachment bodies as CouchDB's replicator writes it, one multipart
 * {@code PUT doc?new_edits=false}. Both are safe to repeat: they write nothing new the second time.
 */
final class BulkDocsCall {

    private final CouchClient client;
    private final ServerWelcome server;

    BulkDocsCall(CouchClient client, ServerWelcome server) {
        this.client = client;
        this.server = server;
    }

    /**
     * A revision the server refuses (validation, rights) is a failure in the result, the others are
     * written; a batch the server finds too large is split in halves until the one revision that is
     * too large is alone, and that one is a failure.
     */
    WriteResult writeDocs(List<DocRevision> docs) throws IOException {
        List<DocRevision> withoutBodies = new ArrayList<>(docs.size());
        List<WriteResult.Failure> failures = new ArrayList<>();
        for (DocRevision doc : docs) {
            if (doc.attachments().stream().allMatch(Attachment::isStub)) {
                withoutBodies.add(doc);
            } else {
                writeWithAttachments(doc, failures);
            }
        }
        if (!withoutBodies.isEmpty()) {
            failures.addAll(BatchSplitter.send(Call.BULK_DOCS, withoutBodies, this::bulkDocs, BulkDocsCall::merge,
                    (doc, refusal) -> new WriteResult(List.of(failure(doc, refusal)))).failures());
        }
        return new WriteResult(failures);
    }

    private static WriteResult.Failure failure(DocRevision doc, CouchHttpException refusal) {
        return new WriteResult.Failure(doc.id(), doc.rev(), refusal.error(), refusal.reason());
    }

    /** A multipart {@code PUT ?new_edits=false}; a refusal of the document alone is a failure in the result. */
    private void writeWithAttachments(DocRevision doc, List<WriteResult.Failure> failures) throws IOException {
        CouchClient.Upload upload = MultipartDocument.of(doc, server.isPouchDbServer());
        try {
            client.call(Call.PUT_DOCUMENT, "PUT", "/" + DocIdPath.of(doc.id()) + "?new_edits=false", upload,
                    "application/json", (type, in) -> discard(in));
        } catch (CouchHttpException e) {
            if (FailureClassifier.classify(Call.PUT_DOCUMENT, e) != FailureClassifier.Outcome.SKIP_DOCUMENT) {
                throw e;
            }
            failures.add(failure(doc, e));
        }
    }

    private WriteResult bulkDocs(List<DocRevision> docs) throws IOException {
        StringBuilder body = new StringBuilder(docs.size() * 256).append("{\"new_edits\":false,\"docs\":[");
        for (int i = 0; i < docs.size(); i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append(docs.get(i).toCouchJson());
        }
        body.append("]}");
        JsonNode answer = client.post(Call.BULK_DOCS, "/_bulk_docs", body.toString().getBytes(StandardCharsets.UTF_8),
                Json.MAPPER::readTree);
        return parse(answer, docs);
    }

    /** The failures an answer lists: {@code [{"id":..,"rev":..,"error":..,"reason":..},..]}; a written revision has no {@code error}. */
    static WriteResult parse(JsonNode answer, List<DocRevision> docs) {
        List<WriteResult.Failure> failures = new ArrayList<>();
        if (answer != null && answer.isArray()) {
            for (JsonNode result : answer) {
                if (result.has("error")) {
                    String id = result.path("id").asText();
                    Rev rev = revOf(docs, id, result.path("rev").asText(null));
                    failures.add(new WriteResult.Failure(id, rev, result.path("error").asText(),
                            result.path("reason").asText("")));
                }
            }
        }
        return new WriteResult(failures);
    }

    private static WriteResult merge(WriteResult a, WriteResult b) {
        List<WriteResult.Failure> failures = new ArrayList<>(a.failures());
        failures.addAll(b.failures());
        return new WriteResult(failures);
    }

    private static Rev revOf(List<DocRevision> docs, String id, String rev) {
        if (rev != null) {
            try {
                return Rev.parse(rev);
            } catch (IllegalArgumentException e) {
                // fall through to the batch's own revision of that document
            }
        }
        return docs.stream().filter(d -> d.id().equals(id)).map(DocRevision::rev).findFirst().orElse(null);
    }

    static long discard(InputStream in) throws IOException {
        return in.transferTo(OutputStream.nullOutputStream());
    }
}
