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
 * round after round, some carrying a 50 KB attachment replaced every 10th round. After the rounds
 * and a compaction the store takes at most 1.5 times what a fresh pull of the final state takes,
 * and its leaves are the server's.
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
        try (SqliteStore store = SqliteStore.open(dir.resolve("followed.db"));
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

            long beforeCompaction = store.info().sizes().file();
            store.compact();
            long followed = store.info().sizes().file();
            assertThat(ServerTrees.leavesOf(store)).isEqualTo(ServerTrees.leavesOf(db));

            long fresh;
            try (SqliteStore freshStore = SqliteStore.open(dir.resolve("fresh.db"))) {
                assertThat(Replicator.create(source, freshStore, ReplicationOptions.defaults()).run().state())
                        .isEqualTo(ReplicationState.COMPLETED);
                fresh = freshStore.info().sizes().file();
            }
            System.out.printf("growth: %d rounds, store %d bytes before compaction, %d after; fresh pull %d (%.2fx)%n",
                    ROUNDS, beforeCompaction, followed, fresh, (double) followed / fresh);
            assertThat((double) followed / fresh).as("store bytes over fresh-pull bytes").isLessThanOrEqualTo(1.5);
        }
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
