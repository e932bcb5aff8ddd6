package io.couchrepl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code couchrepl mirror} against the real server: one store per database, a second run fetches only what changed. */
class MirrorCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final String tag = "mirrorcli" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
    private final List<TestDb> dbs = new ArrayList<>();

    @AfterEach
    void dropDatabases() {
        dbs.forEach(TestDb::drop);
    }

    private TestDb createDb() {
        TestDb db = TestServer.shared().createDb(tag);
        dbs.add(db);
        return db;
    }

    private List<JsonNode> dump(Path store) {
        CliRun run = CliRun.of("dump", store.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.out().lines().map(MirrorCommandTest::parse).toList();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static List<JsonNode> leaves(TestDb db) {
        return db.leaves().stream().map(MirrorCommandTest::parse).toList();
    }

    @Test
    void mirrorsEachDatabaseIntoAStoreOfItsOwnAndASecondRunFetchesOnlyWhatChanged() {
        TestDb a = createDb();
        TestDb b = createDb();
        String rev = a.put("doc", "{\"v\":1}");
        a.put("doc", "{\"_rev\":\"" + rev + "\",\"v\":2}");
        a.put("other", "{}");
        b.put("with/slash", "{\"b\":true}");
        Path dir = tmp.resolve("mirror");

        CliRun first = CliRun.of("mirror", TestServer.shared().url(), dir.toString(), "--include", tag + "-.*");

        assertThat(first.exitCode()).as(first.err()).isZero();
        JsonNode summary = parse(first.out().strip());
        assertThat(summary.path("status").asText()).isEqualTo("completed");
        assertThat(summary.path("databases").asInt()).isEqualTo(2);
        assertThat(summary.path("docs_written").asInt()).isEqualTo(3);
        assertThat(dump(dir.resolve(a.name() + ".store"))).containsExactlyElementsOf(leaves(a));
        assertThat(dump(dir.resolve(b.name() + ".store"))).containsExactlyElementsOf(leaves(b));

        a.put("third", "{}");
        CliRun second = CliRun.of("mirror", TestServer.shared().url(), dir.toString(), "--include", tag + "-.*");

        assertThat(second.exitCode()).as(second.err()).isZero();
        JsonNode again = parse(second.out().strip());
        assertThat(again.path("changes_read").asInt()).isEqualTo(1);
        assertThat(again.path("docs_written").asInt()).isEqualTo(1);
        assertThat(dump(dir.resolve(a.name() + ".store"))).containsExactlyElementsOf(leaves(a));
    }

    @Test
    void eventsNameTheDatabaseOfEachLineAndEndWithTheSummary() {
        TestDb a = createDb();
        TestDb b = createDb();
        a.put("one", "{}");
        a.put("two", "{}");
        b.put("three", "{}");

        CliRun run = CliRun.of("mirror", "--events", TestServer.shared().url(), tmp.resolve("m").toString(),
                "--include", tag + "-.*");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> lines = run.out().lines().map(MirrorCommandTest::parse).toList();
        assertThat(lines.get(lines.size() - 1).path("databases").asInt()).isEqualTo(2);
        List<JsonNode> complete = lines.stream().filter(l -> "complete".equals(l.path("event").asText())).toList();
        assertThat(complete).extracting(l -> l.get("database").asText())
                .containsExactlyInAnyOrder(a.name(), b.name());
        assertThat(complete).extracting(l -> l.get("database").asText() + " " + l.get("docs_written").asInt())
                .containsExactlyInAnyOrder(a.name() + " 2", b.name() + " 1");
    }

    @Test
    void aBadIncludePatternIsABadArgument() {
        CliRun run = CliRun.of("mirror", TestServer.shared().url(), tmp.resolve("m").toString(), "--include", "tenant-([");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("couchrepl: not a regular expression: tenant-([ (");
        assertThat(Files.exists(tmp.resolve("m"))).isFalse();
    }

    @Test
    void aServerUrlWithoutHostIsABadArgument() {
        CliRun run = CliRun.of("mirror", "http://", tmp.resolve("m").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("couchrepl: not a server URL: http://");
    }

    @Test
    void storeNamesKeepEveryDatabaseApart() {
        assertThat(MirrorCommand.storeName("tenant-1")).isEqualTo("tenant-1.store");
        assertThat(MirrorCommand.storeName("a/b")).isEqualTo("a%2Fb.store");
        assertThat(MirrorCommand.storeName("a$(x)+y")).isEqualTo("a%24%28x%29%2By.store");
    }
}
