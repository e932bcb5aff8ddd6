package io.couchrepl.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.MissingRevs;
import io.couchrepl.protocol.Rev;
import io.couchrepl.testing.HttpResult;
import io.couchrepl.testing.TestDb;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The revision trees of a CouchDB database and of a store, in forms that compare: each leaf as
 * {@code id rev [deleted] _revisions}, and for every revision ever written, whether the tree still
 * knows it ({@code _revs_diff}).
 */
final class ServerTrees {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ServerTrees() {}

    static List<String> leavesOf(TestDb db) throws IOException {
        List<String> leaves = new ArrayList<>();
        for (String json : db.leaves()) {
            leaves.add(shape(JSON.readTree(json)));
        }
        return leaves;
    }

    static List<String> leavesOf(SqliteStore store) throws IOException {
        List<String> leaves = new ArrayList<>();
        for (DocRevision leaf : store.leaves()) {
            leaves.add(shape(JSON.readTree(leaf.toCouchJson())));
        }
        return leaves;
    }

    private static String shape(JsonNode doc) {
        return doc.path("_id").asText() + " " + doc.path("_rev").asText()
                + (doc.path("_deleted").asBoolean() ? " deleted " : " ") + doc.path("_revisions").path("ids");
    }

    /** For each document, the asked revisions the server does not know, sorted. */
    static Map<String, TreeSet<String>> missingOn(TestDb db, Map<String, List<Rev>> asked) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        asked.forEach((id, revs) -> revs.forEach(rev -> body.withArray(id).add(rev.toString())));
        HttpResult result = db.request("POST", "/_revs_diff", JSON.writeValueAsString(body));
        Map<String, TreeSet<String>> missing = new TreeMap<>();
        result.json().fields().forEachRemaining(entry -> {
            TreeSet<String> revs = new TreeSet<>();
            entry.getValue().path("missing").forEach(rev -> revs.add(rev.asText()));
            missing.put(entry.getKey(), revs);
        });
        return missing;
    }

    static Map<String, TreeSet<String>> missingIn(SqliteStore store, Map<String, List<Rev>> asked) throws IOException {
        Map<String, TreeSet<String>> missing = new TreeMap<>();
        for (Map.Entry<String, MissingRevs> entry : store.revsDiff(asked).entrySet()) {
            TreeSet<String> revs = new TreeSet<>();
            entry.getValue().missing().forEach(rev -> revs.add(rev.toString()));
            missing.put(entry.getKey(), revs);
        }
        return missing;
    }

    /** CouchDB's own replicator, one-shot: POST /_replicate. */
    static void replicateWithCouchDb(TestDb from, TestDb to) {
        String body = "{\"source\":\"" + from.url() + "\",\"target\":\"" + to.url() + "\"}";
        HttpResult result = from.server().request("POST", "/_replicate", body);
        if (result.status() / 100 != 2) {
            throw new AssertionError("POST /_replicate answered " + result.status() + ": " + result.body());
        }
    }

    static void setRevsLimit(TestDb db, int limit) {
        HttpResult result = db.request("PUT", "/_revs_limit", Integer.toString(limit));
        if (result.status() / 100 != 2) {
            throw new AssertionError("PUT _revs_limit answered " + result.status() + ": " + result.body());
        }
    }
}
