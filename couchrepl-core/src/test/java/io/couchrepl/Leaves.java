package io.couchrepl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couchrepl.protocol.DocRevision;
import java.util.List;

/** Leaf revisions as parsed JSON, so a store's and a server's answers compare field by field. */
final class Leaves {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Leaves() {}

    static List<JsonNode> ofServer(List<String> json) {
        return json.stream().map(Leaves::parse).toList();
    }

    static List<JsonNode> ofStore(List<DocRevision> revisions) {
        return revisions.stream().map(r -> parse(r.toCouchJson())).toList();
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
