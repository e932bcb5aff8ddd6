package io.couchrepl.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.couchrepl.http.FailureClassifier.Call;
import io.couchrepl.protocol.DocIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET} and {@code PUT _local/ID}: documents that are never replicated, such as replication
 * logs. CouchDB takes any {@code _rev} for them, PouchDB wants the current one: the last one seen is
 * sent, and a conflict is answered by reading it once.
 */
final class LocalDocsCall {

    private final CouchClient client;
    private final Map<String, String> localRevs = new ConcurrentHashMap<>();

    LocalDocsCall(CouchClient client) {
        this.client = client;
    }

    Optional<String> getLocal(String id) throws IOException {
        try {
            String json = client.get(Call.GET_LOCAL, "/" + DocIdPath.of(requireLocal(id)),
                    in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
            JsonNode doc = Json.MAPPER.readTree(json);
            if (doc != null && doc.path("_rev").isTextual()) {
                localRevs.put(id, doc.get("_rev").asText());
            }
            return Optional.of(json);
        } catch (CouchHttpException e) {
            if (FailureClassifier.classify(Call.GET_LOCAL, e) != FailureClassifier.Outcome.ABSENT) {
                throw e;
            }
            localRevs.remove(id);
            return Optional.empty();
        }
    }

    void putLocal(String id, String json) throws IOException {
        requireLocal(id);
        try {
            put(id, json);
        } catch (CouchHttpException e) {
            if (FailureClassifier.classify(Call.PUT_LOCAL, e) != FailureClassifier.Outcome.FALL_BACK) {
                throw e;
            }
            getLocal(id);
            try {
                put(id, json);
            } catch (CouchHttpException again) {
                throw FailureClassifier.typed(Call.PUT_LOCAL, again);
            }
        }
    }

    private void put(String id, String json) throws IOException {
        ObjectNode doc = (ObjectNode) Json.MAPPER.readTree(json);
        doc.put("_id", id);
        String rev = localRevs.get(id);
        if (rev == null) {
            doc.remove("_rev");
        } else {
            doc.put("_rev", rev);
        }
        JsonNode answer = client.put(Call.PUT_LOCAL, "/" + DocIdPath.of(id), Json.MAPPER.writeValueAsBytes(doc),
                Json.MAPPER::readTree);
        if (answer != null && answer.path("rev").isTextual()) {
            localRevs.put(id, answer.get("rev").asText());
        }
    }

    private static String requireLocal(String id) {
        if (!DocIds.isLocal(id)) {
            throw new IllegalArgumentException("not a _local document id: " + id);
        }
        return id;
    }
}
