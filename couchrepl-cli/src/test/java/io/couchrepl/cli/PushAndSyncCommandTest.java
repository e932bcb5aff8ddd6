package io.couchrepl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code couchrepl push}, {@code replicate} and {@code sync} against the real server. */
class PushAndSyncCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private TestDb a;
    private String bName;

    @BeforeEach
    void createSource() {
        a = TestServer.shared().createDb("cli-a");
        String rev = a.put("hist", "{\"v\":1}");
        a.put("hist", "{\"_rev\":\"" + rev + "\",\"v\":2}");
        a.delete("gone", a.put("gone", "{}"));
        a.bulkDocs("[{\"_id\":\"c\",\"_rev\":\"1-x\",\"v\":\"x\"},{\"_id\":\"c\",\"_rev\":\"1-y\",\"v\":\"y\"}]", false);
        bName = "cli-b-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void dropDatabases() {
        a.drop();
        a.server().request("DELETE", "/" + bName, null);
    }

    private String bUrl() {
        return a.server().url() + "/" + bName;
    }

    private List<JsonNode> leavesOf(String db) throws Exception {
        JsonNode changes = JSON.readTree(a.server().request("GET", "/" + db + "/_changes?style=all_docs", null).body());
        List<JsonNode> leaves = new java.util.ArrayList<>();
        java.util.TreeSet<String> ids = new java.util.TreeSet<>();
        changes.get("results").forEach(r -> ids.add(r.get("id").asText()));
        for (String id : ids) {
            JsonNode revs = JSON.readTree(a.server().request("GET", "/" + db + "/"
                    + TestDb.encodeDocId(id) + "?open_revs=all&revs=true", null).body());
            revs.forEach(r -> leaves.add(r.get("ok")));
        }
        leaves.sort(java.util.Comparator.comparing((JsonNode d) -> d.get("_id").asText())
                .thenComparing(d -> d.get("_rev").asText()));
        return leaves;
    }

    private static JsonNode summary(CliRun run) throws Exception {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return JSON.readTree(run.out().strip());
    }

    @Test
    void pushCreatesTheTargetAndWritesEveryLeafOfTheStore() throws Exception {
        Path store = tmp.resolve("s.db");
        summary(CliRun.of("pull", a.url(), store.toString()));

        JsonNode pushed = summary(CliRun.of("push", "--create-target", store.toString(), bUrl()));

        assertThat(pushed.get("docs_written").asLong()).isEqualTo(4);
        assertThat(pushed.get("target").asText()).doesNotContain("secret");
        assertThat(leavesOf(bName)).containsExactlyElementsOf(leavesOf(a.name()));
    }

    @Test
    void pushOfAMissingStoreIsAnErrorAndCreatesNothing() {
        CliRun run = CliRun.of("push", "--create-target", tmp.resolve("none.db").toString(), bUrl());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.STORE_UNUSABLE);
        assertThat(a.server().request("GET", "/" + bName, null).status()).isEqualTo(404);
    }

    @Test
    void replicateCopiesOneDatabaseIntoAnother() throws Exception {
        JsonNode run = summary(CliRun.of("replicate", "--create-target", a.url(), bUrl()));

        assertThat(run.get("docs_written").asLong()).isEqualTo(4);
        assertThat(leavesOf(bName)).containsExactlyElementsOf(leavesOf(a.name()));
    }

    @Test
    void syncPullsTheServersChangesAndPushesTheStores() throws Exception {
        Path store = tmp.resolve("sync.db");
        summary(CliRun.of("pull", a.url(), store.toString()));
        summary(CliRun.of("replicate", "--create-target", a.url(), bUrl()));
        a.server().request("PUT", "/" + bName + "/only-on-b", "{\"from\":\"b\"}");
        a.put("only-on-a", "{}");
        summary(CliRun.of("pull", a.url(), store.toString()));

        JsonNode sync = summary(CliRun.of("sync", store.toString(), bUrl()));

        assertThat(sync.get("status").asText()).isEqualTo("completed");
        assertThat(sync.get("pull").get("docs_written").asLong()).isEqualTo(1);
        assertThat(sync.get("push").get("docs_written").asLong()).isEqualTo(1);
        assertThat(a.server().request("GET", "/" + bName + "/only-on-a", null).status()).isEqualTo(200);
        CliRun dump = CliRun.of("dump", store.toString());
        assertThat(dump.out()).contains("\"_id\":\"only-on-b\"");
    }
}
