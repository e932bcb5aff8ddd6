package io.couchrepl.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.couchrepl.ReplicationOptions;
import io.couchrepl.ReplicationState;
import io.couchrepl.Replicator;
import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.testing.HttpResult;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that follows a busy database through a continuous pull stays bounded: documents updated
 * round after round, some carrying a 50 KB attachment replaced every 10th round. After the rounds,
 * before and after a compaction, the store takes at most 1.5 times what a fresh pull of the final
 * state takes, and its leaves are the server's.
 */
class GrowthTest {

    static final int DOCS = 100;
    static final int WITH_ATTACHMENT = 10;
    static final int ROUNDS = 40;

    @TempDir
    Path dir;

    private final TestDb db = TestServer.shared().createDb("growth");

    @AfterEach
    void drop() {
        db.drop();
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aContinuousPullOfManyUpdatesStaysWithinOneAndAHalfTimesAFreshPull() throws Exception {
        Random random = new Random(13);
        Map<String, String> revs = new HashMap<>();
        update(db, revs, 0, random);
        Path followed = dir.resolve("followed.db");
        try (SqliteStore store = SqliteStore.open(followed);
                RemoteDatabase source = RemoteDatabase.open(db.url())) {
            Replicator pull = Replicator.create(source, store,
                    ReplicationOptions.builder().continuous(true).heartbeat(Duration.ofSeconds(1)).build());
            pull.start();
            for (int round = 1; round < ROUNDS; round++) {
                update(db, revs, round, random);
            }
            waitForLeaves(store, db);
            pull.stop();
            assertThat(pull.await(Duration.ofSeconds(30)).state()).isEqualTo(ReplicationState.STOPPED);
        }
        long followedBytes = bytesOnDisk(followed);
        try (SqliteStore store = SqliteStore.open(followed)) {
            store.compact();
            assertThat(ServerTrees.leavesOf(store)).isEqualTo(ServerTrees.leavesOf(db));
        }
        long compactedBytes = bytesOnDisk(followed);
        Path fresh = dir.resolve("fresh.db");
        try (SqliteStore freshStore = SqliteStore.open(fresh);
                RemoteDatabase source = RemoteDatabase.open(db.url())) {
            assertThat(Replicator.create(source, freshStore, ReplicationOptions.defaults()).run().state())
                    .isEqualTo(ReplicationState.COMPLETED);
        }
        long freshBytes = bytesOnDisk(fresh);
        System.out.printf("growth: %d rounds: store %d bytes, %d compacted; fresh pull %d (%.2fx, %.2fx)%n", ROUNDS,
                followedBytes, compactedBytes, freshBytes, (double) followedBytes / freshBytes,
                (double) compactedBytes / freshBytes);
        assertThat((double) followedBytes / freshBytes).as("store over fresh pull, before compact").isLessThanOrEqualTo(1.5);
        assertThat((double) compactedBytes / freshBytes).as("store over fresh pull, compacted").isLessThanOrEqualTo(1.5);
    }

    /** A closed store on disk: the file (its write-ahead log folded in when it closed) and the attachment files. */
    private static long bytesOnDisk(Path store) throws Exception {
        long bytes = 0;
        for (Path part : List.of(store, Path.of(store + "-wal"), Path.of(store + "-attachments"))) {
            if (Files.exists(part)) {
                try (var files = Files.walk(part)) {
                    for (Path file : (Iterable<Path>) files::iterator) {
                        bytes += Files.isRegularFile(file) ? Files.size(file) : 0;
                    }
                }
            }
        }
        return bytes;
    }

    /** One round: every document updated in one _bulk_docs; every 10th round the attachments replaced. */
    static void update(TestDb db, Map<String, String> revs, int round, Random random) {
        StringBuilder docs = new StringBuilder("[");
        for (int d = 0; d < DOCS; d++) {
            String id = String.format("doc-%04d", d);
            String rev = revs.get(id);
            docs.append(d == 0 ? "" : ",").append("{\"_id\":\"").append(id).append('"');
            if (rev != null) {
                docs.append(",\"_rev\":\"").append(rev).append('"');
            }
            docs.append(",\"round\":").append(round).append(",\"text\":\"").append("r".repeat(200 + random.nextInt(200)))
                    .append('"');
            if (d < WITH_ATTACHMENT) {
                if (round % 10 == 0) {
                    byte[] bytes = new byte[50_000];
                    random.nextBytes(bytes);
                    docs.append(",\"_attachments\":{\"blob.bin\":{\"content_type\":\"application/octet-stream\",\"data\":\"")
                            .append(Base64.getEncoder().encodeToString(bytes)).append("\"}}");
                } else {
                    docs.append(",\"_attachments\":{\"blob.bin\":{\"stub\":true}}");
                }
            }
            docs.append('}');
        }
        HttpResult result = db.request("POST", "/_bulk_docs", "{\"docs\":" + docs.append(']') + "}");
        for (JsonNode row : result.json()) {
            if (!row.has("rev")) {
                throw new AssertionError("round " + round + ": " + row);
            }
            revs.put(row.get("id").asText(), row.get("rev").asText());
        }
    }

    private static void waitForLeaves(SqliteStore store, TestDb db) throws Exception {
        List<String> expected = ServerTrees.leavesOf(db);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!ServerTrees.leavesOf(store).equals(expected)) {
            if (System.nanoTime() > deadline) {
                assertThat(ServerTrees.leavesOf(store)).as("leaves the continuous pull reached").isEqualTo(expected);
            }
            Thread.sleep(200);
        }
    }
}
