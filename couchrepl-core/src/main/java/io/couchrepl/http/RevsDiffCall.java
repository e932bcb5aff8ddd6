package io.couchrepl.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.couchrepl.http.FailureClassifier.Call;
import io.couchrepl.protocol.MissingRevs;
import io.couchrepl.protocol.Rev;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code POST _revs_diff}: which of the revisions the database lacks, with their possible ancestors. */
final class RevsDiffCall {

    private final CouchClient client;

    RevsDiffCall(CouchClient client) {
        this.client = client;
    }

    Map<String, MissingRevs> revsDiff(Map<String, List<Rev>> revs) throws IOException {
        Map<String, List<String>> asked = new LinkedHashMap<>();
        revs.forEach((id, list) -> asked.put(id, list.stream().map(Rev::toString).toList()));
        if (asked.isEmpty()) {
            return new LinkedHashMap<>();
        }
        return parse(client.post(Call.REVS_DIFF, "/_revs_diff", Json.MAPPER.writeValueAsBytes(asked), Json.MAPPER::readTree));
    }

    /** The answer, {@code {"id":{"missing":[..],"possible_ancestors":[..]}}}, in the server's order. */
    static Map<String, MissingRevs> parse(JsonNode answer) throws MalformedResponseException {
        if (answer == null || !answer.isObject()) {
            throw new MalformedResponseException("_revs_diff did not answer a JSON object");
        }
        Map<String, MissingRevs> missing = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = answer.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            missing.put(entry.getKey(), new MissingRevs(entry.getKey(), revs(entry.getValue().path("missing")),
                    revs(entry.getValue().path("possible_ancestors"))));
        }
        return missing;
    }

    private static List<Rev> revs(JsonNode list) throws MalformedResponseException {
        List<Rev> revs = new ArrayList<>();
        for (JsonNode rev : list) {
            try {
                revs.add(Rev.parse(rev.asText()));
            } catch (IllegalArgumentException e) {
                throw new MalformedResponseException("_revs_diff answered a bad revision: " + rev);
            }
        }
        return revs;
    }
}
