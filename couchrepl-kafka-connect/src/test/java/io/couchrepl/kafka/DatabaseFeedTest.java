package io.couchrepl.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couchrepl.http.RemoteServer;
import io.couchrepl.protocol.ChangesFilter;
import io.couchrepl.protocol.Seq;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One database's feed as source records, against the real test server. */
class DatabaseFeedTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final java.util.concurrent.ExecutorService prefetch = java.util.concurrent.Executors.newCachedThreadPool();
    private TestDb db;
    private RemoteServer server;

    @BeforeEach
    void createDatabase() {
        db = TestServer.shared().createDb("feed");
        server = RemoteServer.open(TestServer.shared().url());
    }

    @AfterEach
    void dropDatabase() {
        server.close();
        prefetch.shutdownNow();
        db.drop();
    }

    private DatabaseFeed feed(Optional<Seq> since, int batchSize, Optional<ChangesFilter> filter) {
        return new DatabaseFeed(db.name(), server.database(db.name()), server.identity(), since, batchSize, filter,
                "couch.", "__hb", 1 << 20, prefetch);
    }

    private static JsonNode tree(Object json) {
        try {
            return JSON.readTree(String.valueOf(json));
        } catch (Exception e) {
            throw new AssertionError(String.valueOf(json), e);
        }
    }

    @Test
    void oneRecordPerLeafRevisionDeletedAndConflictingLeavesIncluded() throws Exception {
        String rev = db.put("doc", "{\"v\":1}");
        db.put("doc", "{\"_rev\":\"" + rev + "\",\"v\":2}");
        db.bulkDocs("[{\"_id\":\"doc\",\"_rev\":\"2-0123456789abcdef0123456789abcdef\",\"_revisions\":{\"start\":2,"
                + "\"ids\":[\"0123456789abcdef0123456789abcdef\",\"" + rev.substring(2) + "\"]},\"_deleted\":true},"
                + "{\"_id\":\"doc\",\"_rev\":\"2-fedcba9876543210fedcba9876543210\",\"_revisions\":{\"start\":2,"
                + "\"ids\":[\"fedcba9876543210fedcba9876543210\",\"" + rev.substring(2) + "\"]},\"v\":\"conflict\"}]", false);
        String att = db.put("with att", "{}");
        db.putAttachment("with att", att, "hello.txt", "text/plain", "hello".getBytes(StandardCharsets.UTF_8));

        List<SourceRecord> records = new ArrayList<>();
        try (DatabaseFeed feed = feed(Optional.empty(), 100, Optional.empty())) {
            DatabaseFeed.Page page = feed.next();
            assertThat(page.caughtUp()).isTrue();
            records.addAll(page.records());
        }

        List<JsonNode> values = records.stream().map(r -> tree(r.value()))
                .sorted(Comparator.comparing((JsonNode n) -> n.path("_id").asText()).thenComparing(n -> n.path("_rev").asText()))
                .toList();
        List<JsonNode> leaves = db.leaves().stream().map(DatabaseFeedTest::tree).toList();
        assertThat(values).hasSize(4).hasSameSizeAs(leaves);
        for (int i = 0; i < leaves.size(); i++) {
            JsonNode expected = leaves.get(i);
            JsonNode actual = values.get(i);
            if (expected.has("_attachments")) {
                // Inline: the stub's fields plus the bytes, instead of "stub":true.
                JsonNode a = actual.path("_attachments").path("hello.txt");
                assertThat(a.path("digest")).isEqualTo(expected.path("_attachments").path("hello.txt").path("digest"));
                assertThat(a.has("data")).isTrue();
                ((com.fasterxml.jackson.databind.node.ObjectNode) actual).remove("_attachments");
                ((com.fasterxml.jackson.databind.node.ObjectNode) expected).remove("_attachments");
            }
            assertThat(actual).isEqualTo(expected);
        }
        SourceRecord first = records.get(0);
        assertThat(first.topic()).isEqualTo("couch." + db.name());
        assertThat(tree(first.key()).path("database").asText()).isEqualTo(db.name());
        assertThat(first.headers().lastWithName("database").value()).isEqualTo(db.name());
        assertThat(first.headers().lastWithName("rev").value()).isEqualTo(tree(first.value()).path("_rev").asText());
        assertThat(first.sourcePartition().get("database")).isEqualTo(db.name());
        assertThat(first.sourcePartition().get("server")).isEqualTo(server.identity());
        assertThat(first.sourcePartition().toString()).doesNotContain("secret");
    }

    @Test
    void onlyTheLastRecordOfAPageCarriesThePageSeqAndTheNextPageGoesOnFromIt() throws Exception {
        for (int i = 0; i < 5; i++) {
            db.put("d" + i, "{}");
        }
        try (DatabaseFeed feed = feed(Optional.empty(), 3, Optional.empty())) {
            DatabaseFeed.Page first = feed.next();
            assertThat(first.records()).hasSize(3);
            assertThat(first.caughtUp()).isFalse();
            Object pageSeq = first.records().get(0).headers().lastWithName("seq").value();
            assertThat(first.records().get(0).sourceOffset().get("seq")).isEqualTo("0");
            assertThat(first.records().get(1).sourceOffset().get("seq")).isEqualTo("0");
            assertThat(first.records().get(2).sourceOffset().get("seq")).isEqualTo(pageSeq);

            DatabaseFeed.Page second = feed.next();
            assertThat(second.records()).hasSize(2);
            assertThat(second.records().get(0).sourceOffset().get("seq")).isEqualTo(pageSeq);
            Seq resume = Seq.ofJson((String) second.records().get(1).sourceOffset().get("seq"));

            db.put("later", "{}");
            try (DatabaseFeed resumed = feed(Optional.of(resume), 3, Optional.empty())) {
                DatabaseFeed.Page page = resumed.next();
                assertThat(page.records()).hasSize(1);
                assertThat(tree(page.records().get(0).value()).path("_id").asText()).isEqualTo("later");
            }
        }
    }

    @Test
    void aFilteredPageWithoutRecordsMovesTheOffsetWithAHeartbeat() throws Exception {
        db.put("skipped", "{}");
        try (DatabaseFeed feed = feed(Optional.empty(), 100, Optional.of(new ChangesFilter.DocIds(List.of("absent"))))) {
            DatabaseFeed.Page page = feed.next();
            assertThat(page.records()).hasSize(1);
            SourceRecord heartbeat = page.records().get(0);
            assertThat(heartbeat.topic()).isEqualTo("__hb");
            assertThat(heartbeat.value()).isNull();
            assertThat(heartbeat.headers().lastWithName("heartbeat").value()).isEqualTo(true);
            assertThat(heartbeat.sourceOffset().get("seq")).isNotEqualTo("0");
        }
    }
}
