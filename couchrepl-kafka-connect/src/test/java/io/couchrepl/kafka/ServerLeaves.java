package io.couchrepl.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.couchrepl.testing.HttpResult;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Every leaf revision of any database on the test server (also the sink's copies, which no
 * {@link TestDb} stands for), as the server answers {@code open_revs=all&revs=true}: with
 * {@code _revisions}, deleted leaves and attachment stubs. Empty when the database does not exist.
 */
final class ServerLeaves {

    private ServerLeaves() {}

    static List<JsonNode> of(String db) {
        TestServer server = TestServer.shared();
        TreeSet<String> ids = new TreeSet<>();
        String since = "0";
        while (true) {
            HttpResult page = server.request("GET", "/" + db + "/_changes?style=all_docs&limit=500&since="
                    + URLEncoder.encode(since, StandardCharsets.UTF_8), null);
            if (page.status() == 404) {
                return List.of();
            }
            JsonNode json = page.json();
            if (json.path("results").isEmpty()) {
                break;
            }
            json.path("results").forEach(row -> ids.add(row.path("id").asText()));
            JsonNode last = json.path("last_seq");
            since = last.isTextual() ? last.asText() : last.toString();
        }
        List<JsonNode> leaves = new ArrayList<>();
        for (String id : ids) {
            HttpResult answer = server.request("GET", "/" + db + "/" + TestDb.encodeDocId(id) + "?open_revs=all&revs=true",
                    null);
            for (JsonNode entry : answer.json()) {
                if (entry.has("ok")) {
                    leaves.add(entry.get("ok"));
                }
            }
        }
        leaves.sort(Comparator.comparing((JsonNode d) -> d.path("_id").asText()).thenComparing(d -> d.path("_rev").asText()));
        return leaves;
    }
}
