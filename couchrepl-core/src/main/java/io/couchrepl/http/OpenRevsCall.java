package io.couchrepl.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.couchrepl.http.FailureClassifier.Call;
import io.couchrepl.protocol.FetchResult;
import io.couchrepl.protocol.Rev;
import io.couchrepl.protocol.RevRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET doc?open_revs=[..]&revs=true&latest=true&attachments=true}: the revisions of one
 * document, for a server without {@code _bulk_get}.
 */
final class OpenRevsCall {

    /** Longest URL sent for {@code open_revs}; CouchDB's replicator uses the same. */
    static final int MAX_URL_LENGTH = 7000;

    private final CouchClient client;
    private final AttachmentSpool spool;

    OpenRevsCall(CouchClient client, AttachmentSpool spool) {
        this.client = client;
        this.spool = spool;
    }

    /**
     * The revisions in as many requests as keep each URL under {@link #MAX_URL_LENGTH}, each halved
     * again if the server still finds its URL too long (414).
     */
    FetchResult openRevs(RevRequest request) throws IOException {
        String path = "/" + DocIdPath.of(request.id()) + "?revs=true&latest=true&attachments=true"
                + (request.attsSince().isEmpty() ? "" : "&atts_since=" + DocIdPath.encode(revList(request.attsSince())))
                + "&open_revs=";
        int budget = MAX_URL_LENGTH - client.url().resolve(path).toString().length();
        FetchResult result = RevisionsAnswer.NOTHING;
        for (List<Rev> revs : fittingUrl(request.revs(), budget)) {
            result = RevisionsAnswer.merge(result, BatchSplitter.send(Call.OPEN_REVS, revs,
                    some -> openRevs(path, request.id(), some), RevisionsAnswer::merge, BatchSplitter.rethrow(Call.OPEN_REVS)));
        }
        return result;
    }

    private FetchResult openRevs(String path, String id, List<Rev> revs) throws IOException {
        try {
            return client.call(Call.OPEN_REVS, "GET", path + DocIdPath.encode(revList(revs)), null,
                    RevisionsAnswer.MULTIPART_MIXED,
                    (type, in) -> RevisionsAnswer.read(in, type, "open_revs of " + id + " in " + client.url().withoutCredentials(),
                            rev -> id, spool, (found, notFound) -> RevisionsParser.parseOpenRevs(in, id, spool, found, notFound)));
        } catch (CouchHttpException e) {
            if (FailureClassifier.classify(Call.OPEN_REVS, e) != FailureClassifier.Outcome.ABSENT) {
                throw e;
            }
            List<FetchResult.NotFound> notFound = new ArrayList<>();
            for (Rev rev : revs) {
                notFound.add(new FetchResult.NotFound(id, rev, e.error() + ": " + e.reason()));
            }
            return new FetchResult(List.of(), notFound);
        }
    }

    /**
     * Revisions in runs whose encoded {@code open_revs} list fits {@code budget} characters (at least
     * one revision a run). CouchDB's replicator keeps its URLs under 7000 characters too: CouchDB 3
     * answers a request line over 8 KiB with an empty 400, not 414.
     */
    static List<List<Rev>> fittingUrl(List<Rev> revs, int budget) {
        List<List<Rev>> runs = new ArrayList<>();
        List<Rev> run = new ArrayList<>();
        int length = DocIdPath.encode("[]").length();
        for (Rev rev : revs) {
            int more = DocIdPath.encode(",\"" + rev + "\"").length();
            if (!run.isEmpty() && length + more > budget) {
                runs.add(run);
                run = new ArrayList<>();
                length = DocIdPath.encode("[]").length();
            }
            run.add(rev);
            length += more;
        }
        runs.add(run);
        return runs;
    }

    static String revList(List<Rev> revs) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartArray();
            for (Rev rev : revs) {
                g.writeString(rev.toString());
            }
            g.writeEndArray();
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
