package io.couchrepl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.couchrepl.protocol.ReplicationStats;
import io.couchrepl.checkpoint.ReplicationLogJson;
import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.memory.MemoryStore;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Seq;
import io.couchrepl.spi.Checkpoint;
import io.couchrepl.testing.ForwardingProxy;
import io.couchrepl.testing.HttpResult;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where the replication log lives, where a run starts, and what happens when the source will not keep it. */
class CheckpointPlacementTest {

    private TestDb db;

    @BeforeEach
    void createDatabase() {
        db = TestServer.shared().createDb("placement");
        for (int i = 0; i < 6; i++) {
            db.put("doc-" + i, "{\"i\":" + i + "}");
        }
    }

    @AfterEach
    void dropDatabase() {
        db.drop();
    }

    private ReplicationStatus pull(String url, MemoryStore store, ReplicationOptions options) throws Exception {
        try (RemoteDatabase source = RemoteDatabase.open(url)) {
            ReplicationStatus status = Replicator.create(source, store, options).run();
            assertThat(status.error()).isEmpty();
            assertThat(status.state()).isEqualTo(ReplicationState.COMPLETED);
            return status;
        }
    }

    private static ReplicationOptions placed(CheckpointPlacement placement) {
        return ReplicationOptions.builder().checkpoints(placement).batchSize(4).build();
    }

    @Test
    void withBothPlacementTheServerAndTheStoreHoldTheSameLogInCouchDbsFormat() throws Exception {
        MemoryStore store = new MemoryStore();

        ReplicationStatus status = pull(db.url(), store, placed(CheckpointPlacement.BOTH));

        HttpResult onServer = db.get("/_local/" + status.replicationId());
        assertThat(onServer.status()).isEqualTo(200);
        JsonNode log = onServer.json();
        assertThat(log.get("source_last_seq").toString()).isEqualTo(status.checkpointedSeq().orElseThrow().json());
        JsonNode run = log.get("history").get(0);
        assertThat(run.get("session_id").asText()).isEqualTo(log.get("session_id").asText());
        for (String field : List.of("recorded_seq", "start_time", "end_time", "docs_read", "docs_written",
                "doc_write_failures", "missing_checked", "missing_found")) {
            assertThat(run.has(field)).as(field).isTrue();
        }
        assertThat(run.get("docs_written").asLong()).isEqualTo(6);
        Checkpoint inStore = store.readCheckpoint(status.replicationId()).orElseThrow();
        assertThat(inStore.sessionId()).isEqualTo(log.get("session_id").asText());
        assertThat(inStore.lastSeq()).isEqualTo(status.checkpointedSeq().orElseThrow());
    }

    @Test
    void aSecondRunWithBothPlacementResumesAndExtendsTheHistory() throws Exception {
        MemoryStore store = new MemoryStore();
        ReplicationStatus first = pull(db.url(), store, placed(CheckpointPlacement.BOTH));
        db.put("late", "{}");

        ReplicationStatus second = pull(db.url(), store, placed(CheckpointPlacement.BOTH));

        assertThat(second.stats().revisionsChecked()).isEqualTo(1);
        JsonNode history = db.get("/_local/" + first.replicationId()).json().get("history");
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("docs_written").asLong()).as("cumulative, as CouchDB counts").isEqualTo(7);
    }

    @Test
    void aRecreatedStoreResumesFromTheLogPinnedOnTheSource() throws Exception {
        MemoryStore laptop = new MemoryStore("laptop");
        ReplicationStatus first = pull(db.url(), laptop, placed(CheckpointPlacement.SOURCE));
        assertThat(laptop.readCheckpoint(first.replicationId())).as("the store keeps no log").isEmpty();
        assertThat(db.get("/_local/" + first.replicationId()).status()).isEqualTo(200);
        db.put("after-1", "{}");
        db.put("after-2", "{}");

        MemoryStore recreated = new MemoryStore("laptop");
        ReplicationStatus resumed = pull(db.url(), recreated, placed(CheckpointPlacement.SOURCE));

        assertThat(resumed.replicationId()).isEqualTo(first.replicationId());
        assertThat(resumed.stats().docsWritten()).isEqualTo(2);
        assertThat(resumed.stats().revisionsChecked()).isEqualTo(2);
        assertThat(recreated.leaves()).extracting(DocRevision::id).containsExactly("after-1", "after-2");

        MemoryStore fresh = new MemoryStore("desktop");
        pull(db.url(), fresh, placed(CheckpointPlacement.SOURCE));
        assertThat(Leaves.ofStore(fresh.leaves())).containsExactlyElementsOf(Leaves.ofServer(db.leaves()));
    }

    @Test
    void aPinnedStoreKeepsTheLogInsteadOfTheSource() throws Exception {
        MemoryStore pinned = new MemoryStore("checkpoints");
        MemoryStore store = new MemoryStore();
        try (RemoteDatabase source = RemoteDatabase.open(db.url())) {
            ReplicationStatus status = Replicator.create(source, store, placed(CheckpointPlacement.SOURCE))
                    .pinCheckpoints(pinned).run();

            assertThat(pinned.readCheckpoint(status.replicationId())).isPresent();
            assertThat(db.get("/_local/" + status.replicationId()).status()).isEqualTo(404);
        }
    }

    @Test
    void mismatchedSessionHistoriesStartAtTheNewestSessionBothKnow() throws Exception {
        List<String> seqs = rowSeqs();
        Seq older = new Seq(seqs.get(1));
        Seq common = new Seq(seqs.get(3));
        String id = "mismatch-" + db.name();
        Checkpoint.Session shared = session("shared-session", common);
        Checkpoint onSource = new Checkpoint(id, "source-only", new Seq(seqs.get(5)),
                List.of(session("source-only", new Seq(seqs.get(5))), shared, session("ancient", older)));
        Checkpoint onTarget = new Checkpoint(id, "target-only", new Seq(seqs.get(4)),
                List.of(session("target-only", new Seq(seqs.get(4))), shared, session("ancient", older)));
        db.put("_local/" + id, ReplicationLogJson.toJson(onSource));
        MemoryStore store = new MemoryStore();
        store.writeCheckpoint(onTarget);

        try (ForwardingProxy proxy = ForwardingProxy.in(db.server())) {
            pull(proxy.urlOf(db), store, ReplicationOptions.builder().checkpoints(CheckpointPlacement.BOTH)
                    .replicationId(id).build());

            String firstRead = proxy.requests().stream().map(ForwardingProxy.Request::pathAndQuery)
                    .filter(p -> p.contains("/_changes")).findFirst().orElseThrow();
            assertThat(sinceOf(firstRead)).isEqualTo(unquote(common));
        }
        // Exactly what the server lists after the common session's seq came (its shards decide which rows).
        List<String> afterCommon = db.get("/_changes?since=" + java.net.URLEncoder.encode(unquote(common),
                StandardCharsets.UTF_8)).json().findValuesAsText("id");
        assertThat(afterCommon).hasSizeLessThan(6);
        assertThat(store.leaves()).extracting(DocRevision::id).containsExactlyInAnyOrderElementsOf(afterCommon);
    }

    @Test
    void aSourceThatRefusesLocalWritesFallsBackToTheTarget() throws Exception {
        MemoryStore store = new MemoryStore();
        try (ForwardingProxy proxy = ForwardingProxy.in(db.server()).answer(request ->
                request.method().equals("PUT") && request.pathAndQuery().contains("/_local/")
                        ? Optional.of(ForwardingProxy.Answer.json(403,
                                "{\"error\":\"forbidden\",\"reason\":\"read-only\"}"))
                        : Optional.empty())) {

            ReplicationStatus status = pull(proxy.urlOf(db), store, placed(CheckpointPlacement.SOURCE));

            assertThat(store.readCheckpoint(status.replicationId())).isPresent();
            assertThat(db.get("/_local/" + status.replicationId()).status()).isEqualTo(404);
            long refusedWrites = proxy.requests().stream()
                    .filter(r -> r.method().equals("PUT") && r.pathAndQuery().contains("/_local/")).count();
            assertThat(refusedWrites).as("asked once, then left alone").isEqualTo(1);
            assertThat(store.leaves()).hasSize(6);
        }
    }

    @Test
    void checkpointsOffMeansEveryRunStartsFromTheBeginning() throws Exception {
        MemoryStore store = new MemoryStore();
        pull(db.url(), store, placed(CheckpointPlacement.NONE));

        ReplicationStatus again = pull(db.url(), store, placed(CheckpointPlacement.NONE));

        assertThat(again.stats().revisionsChecked()).isEqualTo(6);
        assertThat(again.stats().docsWritten()).isZero();
    }

    private List<String> rowSeqs() {
        JsonNode changes = db.get("/_changes").json();
        List<String> seqs = new java.util.ArrayList<>();
        for (JsonNode row : changes.get("results")) {
            seqs.add(row.get("seq").toString());
        }
        assertThat(seqs).hasSize(6);
        return seqs;
    }

    private static Checkpoint.Session session(String id, Seq recorded) {
        return new Checkpoint.Session(id, "", "", Seq.ZERO, recorded, recorded, ReplicationStats.ZERO);
    }

    private static String sinceOf(String pathAndQuery) {
        for (String param : pathAndQuery.substring(pathAndQuery.indexOf('?') + 1).split("&")) {
            if (param.startsWith("since=")) {
                return URLDecoder.decode(param.substring("since=".length()), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no since in " + pathAndQuery);
    }

    private static String unquote(Seq seq) {
        String json = seq.json();
        return json.startsWith("\"") ? json.substring(1, json.length() - 1) : json;
    }
}
