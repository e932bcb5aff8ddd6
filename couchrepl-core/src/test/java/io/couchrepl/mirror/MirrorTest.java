package io.couchrepl.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couchrepl.ReplicationOptions;
import io.couchrepl.http.RemoteServer;
import io.couchrepl.memory.MemoryStore;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Mirror} against the real test server: several databases, one store each, resumed, followed. */
class MirrorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String tag = "mirror" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
    private final List<TestDb> dbs = new ArrayList<>();
    private final Map<String, MemoryStore> stores = new ConcurrentHashMap<>();

    @AfterEach
    void dropDatabases() {
        dbs.forEach(TestDb::drop);
    }

    private TestDb createDb() {
        TestDb db = TestServer.shared().createDb(tag);
        dbs.add(db);
        return db;
    }

    private Mirror.Builder mirror(RemoteServer server) {
        return Mirror.builder(server, DatabaseSelection.matching(tag + "-.*"), server::database,
                db -> stores.computeIfAbsent(db, MemoryStore::new)).concurrency(2);
    }

    private static List<JsonNode> parse(List<String> json) {
        return json.stream().map(MirrorTest::tree).toList();
    }

    private static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(json, e);
        }
    }

    private void assertStoreHoldsEveryLeafOf(TestDb db) {
        MemoryStore store = stores.get(db.name());
        assertThat(store).as("store of " + db.name()).isNotNull();
        assertThat(store.leaves().stream().map(DocRevision::toCouchJson).map(MirrorTest::tree).toList())
                .containsExactlyElementsOf(parse(db.leaves()));
    }

    @Test
    void mirrorsEverySelectedDatabaseIntoItsOwnStoreAndASecondRunFetchesOnlyWhatChanged() throws Exception {
        TestDb a = createDb();
        TestDb b = createDb();
        TestDb c = createDb();
        for (int i = 0; i < 20; i++) {
            a.put("a" + i, "{\"n\":" + i + "}");
        }
        String rev = b.put("history", "{\"v\":1}");
        b.put("history", "{\"_rev\":\"" + rev + "\",\"v\":2}");
        b.bulkDocs("[{\"_id\":\"history\",\"_rev\":\"2-0123456789abcdef0123456789abcdef\",\"_revisions\":"
                + "{\"start\":2,\"ids\":[\"0123456789abcdef0123456789abcdef\",\"" + rev.substring(2) + "\"]},"
                + "\"_deleted\":true}]", false);
        c.put("with/slash", "{}");
        TestDb outside = TestServer.shared().createDb("other" + tag);

        try (RemoteServer server = RemoteServer.open(TestServer.shared().url())) {
            MirrorResult first = mirror(server).build().run();

            assertThat(first.databases()).containsOnlyKeys(a.name(), b.name(), c.name());
            assertThat(first.failures()).isEmpty();
            assertThat(first.total().docsWritten()).isEqualTo(20 + 2 + 1);
            for (TestDb db : List.of(a, b, c)) {
                assertStoreHoldsEveryLeafOf(db);
            }

            a.put("a-new", "{}");
            MirrorResult second = mirror(server).build().run();

            assertThat(second.databases().get(a.name()).stats().changesRead()).isEqualTo(1);
            assertThat(second.databases().get(b.name()).stats().changesRead()).isZero();
            assertThat(second.databases().get(c.name()).stats().changesRead()).isZero();
            assertThat(second.total().docsWritten()).isEqualTo(1);
            assertStoreHoldsEveryLeafOf(a);
        } finally {
            outside.drop();
        }
        assertThat(stores).doesNotContainKey(outside.name());
    }

    @Test
    void continuousMirrorFindsADatabaseCreatedWhileItRunsAndFollowsChanges() throws Exception {
        TestDb a = createDb();
        a.put("first", "{}");
        try (RemoteServer server = RemoteServer.open(TestServer.shared().url())) {
            Mirror mirror = mirror(server).continuous(true).pollInterval(Duration.ofMillis(300)).build();
            Thread runner = new Thread(() -> {
                try {
                    mirror.run();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            runner.start();
            try {
                awaitLeaves(a);
                a.put("second", "{}");
                TestDb later = createDb();
                later.put("late", "{\"v\":1}");
                awaitLeaves(a);
                awaitLeaves(later);
            } finally {
                mirror.stop();
                runner.join(30_000);
            }
            assertThat(runner.isAlive()).isFalse();
        }
    }

    private void awaitLeaves(TestDb db) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<JsonNode> expected = parse(db.leaves());
        while (true) {
            MemoryStore store = stores.get(db.name());
            if (store != null && store.leaves().stream().map(DocRevision::toCouchJson).map(MirrorTest::tree).toList()
                    .equals(expected)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                assertStoreHoldsEveryLeafOf(db);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void aMissingNamedDatabaseIsReportedAndTheOthersAreMirrored() throws Exception {
        TestDb a = createDb();
        a.put("x", "{}");
        try (RemoteServer server = RemoteServer.open(TestServer.shared().url())) {
            MirrorResult result = Mirror.builder(server, DatabaseSelection.named(List.of(a.name(), tag + "-missing")),
                    server::database, db -> stores.computeIfAbsent(db, MemoryStore::new)).build().run();

            assertThat(result.failures()).containsOnlyKeys(tag + "-missing");
            assertThat(result.failures().get(tag + "-missing").getMessage()).contains("Database does not exist");
            assertStoreHoldsEveryLeafOf(a);
        }
    }

    @Test
    void refusesContinuousTurnOptions() {
        try (RemoteServer server = RemoteServer.open(TestServer.shared().url())) {
            assertThatThrownBy(() -> mirror(server).options(ReplicationOptions.builder().continuous(true).build()).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("options must be one-shot");
        }
    }
}
