package io.couchrepl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code couchrepl pull} and {@code dump} against the real server: results, summaries, messages and exit codes. */
class PullCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private TestDb db;

    @BeforeEach
    void createDatabase() {
        db = TestServer.shared().createDb("cli");
    }

    @AfterEach
    void dropDatabase() {
        db.drop();
    }

    private List<JsonNode> dump(Path store) throws Exception {
        CliRun run = CliRun.of("dump", store.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.out().lines().map(this::parse).toList();
    }

    private JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    @Test
    void pullsIntoTheDurableStoreAndDumpsEveryLeafAsTheServerHasIt() throws Exception {
        String rev = db.put("a", "{\"v\":1}");
        db.put("a", "{\"_rev\":\"" + rev + "\",\"v\":2}");
        db.delete("gone", db.put("gone", "{}"));
        db.bulkDocs("[{\"_id\":\"c\",\"_rev\":\"1-x\",\"v\":\"x\"},{\"_id\":\"c\",\"_rev\":\"1-y\",\"v\":\"y\"}]", false);
        Path store = tmp.resolve("store.db");

        CliRun run = CliRun.of("pull", db.url(), store.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode summary = parse(run.out().strip());
        assertThat(summary.get("status").asText()).isEqualTo("completed");
        assertThat(summary.get("docs_written").asLong()).isEqualTo(4);
        assertThat(summary.get("docs_read").asLong()).isEqualTo(4);
        assertThat(summary.get("doc_write_failures").asLong()).isZero();
        assertThat(summary.get("missing_revisions_found").asLong()).isEqualTo(4);
        assertThat(summary.get("revisions_checked").asLong()).isEqualTo(4);
        assertThat(summary.has("last_seq")).isTrue();
        assertThat(dump(store)).containsExactlyElementsOf(db.leaves().stream().map(this::parse).toList());
    }

    @Test
    void aNewProcessResumesFromTheStoresCheckpoint() throws Exception {
        for (int i = 0; i < 12; i++) {
            db.put("d" + i, "{\"i\":" + i + "}");
        }
        Path store = tmp.resolve("resume.db");
        assertThat(CliProcess.run("pull", "--batch-size", "5", db.url(), store.toString()).exitCode()).isZero();
        db.put("late", "{}");

        CliRun second = CliProcess.run("pull", "--batch-size", "5", db.url(), store.toString());

        JsonNode summary = parse(second.out().strip());
        assertThat(summary.get("docs_written").asLong()).isEqualTo(1);
        assertThat(summary.get("revisions_checked").asLong()).isEqualTo(1);
        assertThat(dump(store)).hasSize(13);
    }

    @Test
    void ctrlCEndsAContinuousPullAtItsCheckpointWithASummaryAndExitCode0() throws Exception {
        db.put("first", "{}");
        Path store = tmp.resolve("continuous.db");
        Process pull = CliProcess.start("pull", "--continuous", db.url(), store.toString());
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (dumpIfPresent(store) < 1) {
            assertThat(System.nanoTime()).as("the first document arrives").isLessThan(deadline);
            Thread.sleep(100);
        }
        db.put("second", "{}");
        while (dumpIfPresent(store) < 2) {
            assertThat(System.nanoTime()).as("a change written after the start arrives").isLessThan(deadline);
            Thread.sleep(100);
        }

        new ProcessBuilder("kill", "-INT", Long.toString(pull.pid())).start().waitFor();
        CliRun run = CliProcess.finish(pull);

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode summary = parse(run.out().strip());
        assertThat(summary.get("status").asText()).isEqualTo("stopped");
        assertThat(summary.get("docs_written").asLong()).isEqualTo(2);
        assertThat(summary.get("last_seq").isNull()).isFalse();
    }

    private static long dumpIfPresent(Path store) {
        if (!Files.exists(store)) {
            return 0;
        }
        CliRun run = CliRun.of("dump", store.toString());
        return run.exitCode() == 0 ? run.out().lines().count() : 0;
    }

    @Test
    void aDeletedAndRecreatedStoreResumesFromTheLogKeptOnTheSource() throws Exception {
        for (int i = 0; i < 5; i++) {
            db.put("d" + i, "{}");
        }
        Path store = tmp.resolve("laptop.db");
        assertThat(CliRun.of("pull", "--checkpoint", "source", db.url(), store.toString()).exitCode()).isZero();
        db.put("late", "{}");
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(store + suffix));
        }

        CliRun resumed = CliRun.of("pull", "--checkpoint", "source", db.url(), store.toString());

        JsonNode summary = parse(resumed.out().strip());
        assertThat(summary.get("docs_written").asLong()).isEqualTo(1);
        assertThat(summary.get("revisions_checked").asLong()).isEqualTo(1);
        assertThat(dump(store)).extracting(d -> d.get("_id").asText()).containsExactly("late");
        assertThat(db.get("/_local/" + summary.get("replication_id").asText()).status()).isEqualTo(200);
    }

    @Test
    void aFilteredPullWritesOnlyTheSelectedDocuments() throws Exception {
        db.put("keep", "{\"type\":\"x\"}");
        db.put("skip", "{\"type\":\"y\"}");
        Path store = tmp.resolve("filtered.db");

        CliRun run = CliRun.of("pull", "--selector", "{\"type\":\"x\"}", db.url(), store.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(dump(store)).extracting(d -> d.get("_id").asText()).containsExactly("keep");
    }

    @Test
    void aMissingDatabaseIsOneLineAndExitCode3AndCreatesNoStore() {
        Path store = tmp.resolve("never.db");
        CliRun run = CliRun.of("pull", db.server().url() + "/no-such-db-" + UUID.randomUUID(), store.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.SOURCE_REFUSED);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains("does not exist").doesNotContain("secret");
        assertThat(Files.exists(store)).isFalse();
    }

    @Test
    void refusedCredentialsAreOneLineAndExitCode3WithoutThePassword() {
        String user = "nobody" + UUID.randomUUID().toString().substring(0, 8);
        String url = "http://" + user + ":wrong-pa55word@127.0.0.1:" + db.server().port() + "/" + db.name();

        CliRun run = CliRun.of("pull", url, tmp.resolve("s.db").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.SOURCE_REFUSED);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains("401").doesNotContain("wrong-pa55word");
        assertThat(run.out()).doesNotContain("wrong-pa55word");
    }

    @Test
    void anUnreachableHostIsOneLineAndExitCode1AfterItsRetries() {
        CliRun run = CliRun.of("pull", "--retries", "1", "http://u:pa55@127.0.0.1:1/db", tmp.resolve("s.db").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains("cannot connect").contains("gave up after 2 attempts").doesNotContain("pa55");
    }

    @Test
    void anUnusableStorePathIsOneLineAndExitCode4() throws Exception {
        db.put("x", "{}");
        Path notADir = Files.writeString(tmp.resolve("file"), "x");

        CliRun run = CliRun.of("pull", db.url(), notADir.resolve("store.db").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.STORE_UNUSABLE);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).startsWith("couchrepl: cannot use store");
    }

    @Test
    void aFileThatIsNotAStoreIsRefusedAndLeftAlone() throws Exception {
        Path junk = Files.write(tmp.resolve("junk.db"), "this is not a store, but someone's notes".getBytes());

        CliRun run = CliRun.of("dump", junk.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.STORE_UNUSABLE);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(Files.readString(junk)).isEqualTo("this is not a store, but someone's notes");
    }

    @Test
    void dumpOfAMissingStoreIsAnErrorNotANewStore() {
        Path missing = tmp.resolve("missing.db");
        CliRun run = CliRun.of("dump", missing.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.STORE_UNUSABLE);
        assertThat(run.err().strip()).isEqualTo("couchrepl: no store at " + missing);
        assertThat(Files.exists(missing)).isFalse();
    }
}
