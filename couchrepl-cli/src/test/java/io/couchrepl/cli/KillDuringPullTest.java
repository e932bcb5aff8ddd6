package io.couchrepl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couchrepl.store.SqliteStore;
import io.couchrepl.testing.SampleDocs;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of {@code couchrepl pull} at seeded random points of a pull into the durable store:
 * after each kill the store opens, passes SQLite's integrity check and holds only leaves exactly as
 * the source has them; a last run ends with every leaf of the source, each once.
 */
class KillDuringPullTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DOCS = 600;
    private static final int KILLS = 5;

    @TempDir
    Path tmp;

    private TestDb db;

    @BeforeEach
    void fillSource() {
        db = TestServer.shared().createDb("kill");
        SampleDocs.fill(db, DOCS);
    }

    @AfterEach
    void dropSource() {
        db.drop();
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aPullKilledAtRandomPointsEndsWithTheSourcesLeavesAndASoundStore() throws Exception {
        Set<JsonNode> source = new HashSet<>(parse(db.leaves()));
        Path store = tmp.resolve("store.db");
        Random random = new Random(20260606L);
        // Kill points: after a random share of the documents has arrived, plus a random moment, so a
        // kill may also land inside a transaction.
        List<Integer> points = random.ints(KILLS, DOCS / 20, DOCS * 9 / 10).sorted().boxed().toList();
        int killedMidPull = 0;
        for (int point : points) {
            Process pull = start(store);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (pull.isAlive() && documents(store) < point && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(random.nextInt(60));
            if (pull.isAlive()) {
                killedMidPull++;
            }
            pull.destroyForcibly(); // SIGKILL
            assertThat(pull.waitFor(30, TimeUnit.SECONDS)).isTrue();

            assertSound(store);
            assertThat(parse(dump(store))).as("leaves after the kill at %d documents", point).isSubsetOf(source);
        }

        Process last = start(store);
        assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(last.exitValue()).isZero();

        assertThat(killedMidPull).as("kills that landed while pulling").isEqualTo(KILLS);
        assertSound(store);
        List<String> leaves = dump(store);
        assertThat(new HashSet<>(leaves)).as("no leaf twice").hasSameSizeAs(leaves);
        assertThat(parse(leaves)).containsExactlyInAnyOrderElementsOf(source);
    }

    private Process start(Path store) throws IOException {
        return CliProcess.builder(Map.of(), "pull", "--batch-size", "10", db.url(), store.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Documents the store holds so far, as a reader beside the writing process sees them (0 before its tables exist). */
    private static long documents(Path store) {
        if (!Files.exists(store)) {
            return 0;
        }
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + store);
                Statement s = sql.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM docs")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException notYet) {
            return 0;
        }
    }

    private static void assertSound(Path store) throws Exception {
        // Opening recovers from the WAL the killed process left; the check then reads every page.
        try (SqliteStore opened = SqliteStore.open(store)) {
            assertThat(opened.identity()).startsWith("couchrepl-store:");
        }
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + store);
                Statement s = sql.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ok");
        }
    }

    private static List<String> dump(Path store) {
        CliRun run = CliRun.of("dump", store.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.out().lines().toList();
    }

    private static List<JsonNode> parse(List<String> lines) {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : lines) {
            try {
                nodes.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + line, e);
            }
        }
        return nodes;
    }
}
