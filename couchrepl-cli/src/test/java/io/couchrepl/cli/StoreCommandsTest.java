package io.couchrepl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code couchrepl info}, {@code compact} and {@code revs-limit}, in process, against the server's own figures. */
class StoreCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final TestDb db = TestServer.shared().createDb("info");

    @AfterEach
    void drop() {
        db.drop();
    }

    private static CliRun ok(String... args) {
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run;
    }

    @Test
    void infoCountsAndSizesTheStoreAsCouchDbsGetDbDoes() throws Exception {
        StringBuilder docs = new StringBuilder("[");
        for (int i = 0; i < 40; i++) {
            docs.append(i == 0 ? "" : ",").append("{\"_id\":\"doc-").append(i).append("\",\"n\":").append(i)
                    .append(",\"text\":\"").append("x".repeat(i * 7)).append('"');
            if (i % 10 == 0) {
                byte[] bytes = ("attachment of " + i).repeat(50).getBytes(StandardCharsets.UTF_8);
                docs.append(",\"_attachments\":{\"a.bin\":{\"content_type\":\"application/octet-stream\",\"data\":\"")
                        .append(Base64.getEncoder().encodeToString(bytes)).append("\"}}");
            }
            docs.append('}');
        }
        db.bulkDocs(docs.append(']').toString(), true);
        for (int i = 0; i < 5; i++) {
            String rev = JSON.readTree(db.get("/doc-" + i).body()).get("_rev").asText();
            db.delete("doc-" + i, rev);
        }
        String rev = JSON.readTree(db.get("/doc-39").body()).get("_rev").asText();
        db.put("doc-39", "{\"_rev\":\"" + rev + "\",\"n\":\"updated\"}");
        String store = tmp.resolve("info.db").toString();
        CliRun pull = ok("pull", db.url(), store);
        JsonNode summary = JSON.readTree(pull.out());

        JsonNode info = JSON.readTree(ok("info", store).out());
        JsonNode server = db.get("").json();

        assertThat(info.get("db_name").asText()).isEqualTo("info.db");
        assertThat(info.get("doc_count")).isEqualTo(server.get("doc_count"));
        assertThat(info.get("doc_del_count")).isEqualTo(server.get("doc_del_count"));
        assertThat(info.path("sizes").get("external")).as("leaves' JSON and attachments, as CouchDB counts them")
                .isEqualTo(server.path("sizes").get("external"));
        assertThat(info.path("sizes").get("attachments").asLong())
                .as("the bodies of doc-10, doc-20 and doc-30; doc-0's went with its deletion").isEqualTo(3 * 800L);
        assertThat(info.path("sizes").get("file").asLong()).as("the file, its write-ahead log and the attachments")
                .isGreaterThan(info.path("sizes").get("attachments").asLong() + 4096);
        assertThat(info.path("sizes").get("active").asLong()).isPositive()
                .isLessThanOrEqualTo(info.path("sizes").get("file").asLong());
        assertThat(info.get("update_seq").asLong()).isEqualTo(40);
        assertThat(info.get("revs_limit").asInt()).isEqualTo(1000);
        JsonNode log = info.get("replication_logs").get(0);
        assertThat(log.get("id").asText()).isEqualTo(summary.get("replication_id").asText());
        assertThat(log.get("source").asText()).isEqualTo(db.urlWithoutCredentials());
        assertThat(log.get("last_seq")).isEqualTo(summary.get("last_seq"));
        assertThat(log.get("last_time").asText()).endsWith("GMT");
        assertThat(info.toString()).doesNotContain("secret");
    }

    @Test
    void revsLimitIsReadSetAndAppliedByCompact() throws Exception {
        String rev = db.put("long", "{\"n\":0}");
        for (int i = 1; i < 8; i++) {
            rev = db.put("long", "{\"_rev\":\"" + rev + "\",\"n\":" + i + "}");
        }
        String store = tmp.resolve("limit.db").toString();
        ok("pull", db.url(), store);

        assertThat(ok("revs-limit", store).out()).isEqualTo("1000\n");
        assertThat(ok("revs-limit", store, "3").out()).isEqualTo("{\"ok\":true}\n");
        assertThat(ok("revs-limit", store).out()).isEqualTo("3\n");
        JsonNode compacted = JSON.readTree(ok("compact", store).out());

        assertThat(compacted.get("ok").asBoolean()).isTrue();
        assertThat(compacted.get("revisions_stemmed").asInt()).isEqualTo(5);
        JsonNode leaf = JSON.readTree(ok("dump", store).out());
        assertThat(leaf.path("_revisions").path("ids")).hasSize(3);
        assertThat(JSON.readTree(ok("info", store).out()).get("revs_limit").asInt()).isEqualTo(3);
    }

    @Test
    void anOldRevisionIsNotFoundAsCouchDbAnswersItAfterCompaction() {
        String first = db.put("doc", "{\"v\":1}");
        String second = db.put("doc", "{\"_rev\":\"" + first + "\",\"v\":2}");
        String store = tmp.resolve("old.db").toString();
        ok("pull", db.url(), store);

        CliRun old = CliRun.of("get", store, "doc", "--rev", first);

        assertThat(old.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(old.err()).startsWith("couchrepl: not_found: missing");
        assertThat(ok("get", store, "doc", "--rev", second).out()).contains("\"v\":2");
    }

    @Test
    void badInputToTheStoreCommandsIsOneLineAndItsExitCode() {
        Path missing = tmp.resolve("missing.db");
        String store = tmp.resolve("s.db").toString();
        ok("put", store, "a", "{}");

        CliRun noStore = CliRun.of("info", missing.toString());
        CliRun zero = CliRun.of("revs-limit", store, "0");
        CliRun words = CliRun.of("revs-limit", store, "many");
        CliRun compactMissing = CliRun.of("compact", missing.toString());

        assertThat(noStore.exitCode()).isEqualTo(ExitCodes.STORE_UNUSABLE);
        assertThat(noStore.err()).isEqualTo("couchrepl: no store at " + missing + "\n");
        assertThat(zero.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(zero.err()).isEqualTo("couchrepl: revs_limit must be a whole number of at least 1, got \"0\"\n");
        assertThat(words.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(compactMissing.exitCode()).isEqualTo(ExitCodes.STORE_UNUSABLE);
        assertThat(Files.exists(missing)).isFalse();
    }
}
