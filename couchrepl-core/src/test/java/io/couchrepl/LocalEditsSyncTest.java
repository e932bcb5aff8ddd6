package io.couchrepl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.couchrepl.protocol.ReplicationStats;
import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.memory.MemoryStore;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import io.couchrepl.testing.ServerKind;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Edits made in a local store and on the server, brought together by a sync: what a local-first application relies on. */
class LocalEditsSyncTest {

    private TestDb db;
    private MemoryStore store;

    @BeforeEach
    void createDatabase() {
        db = TestServer.shared().createDb("edits-sync");
        store = new MemoryStore();
    }

    @AfterEach
    void dropDatabase() {
        db.drop();
    }

    private void sync() throws Exception {
        try (RemoteDatabase remote = RemoteDatabase.open(db.url())) {
            SyncStatus status = Sync.create(store, remote, false).run();
            assertThat(status.pull().error()).isEmpty();
            assertThat(status.push().error()).isEmpty();
        }
    }

    private List<String> serverLeaves(String id) {
        List<String> revs = new ArrayList<>();
        db.get("/" + id + "?open_revs=all").json().forEach(entry -> revs.add(entry.get("ok").get("_rev").asText()));
        revs.sort(null);
        return revs;
    }

    private List<String> storeLeaves(String id) throws Exception {
        return store.openRevs(id).stream().map(r -> r.rev().toString()).sorted().toList();
    }

    @Test
    void aNewLocalDocumentReachesTheServerAsWritten() throws Exception {
        Rev rev = store.put("todo", "{\"title\":\"buy milk\",\"price\":1.50}");

        sync();

        JsonNode onServer = db.get("/todo").json();
        assertThat(onServer.get("_rev").asText()).isEqualTo(rev.toString());
        assertThat(onServer.get("title").asText()).isEqualTo("buy milk");
        assertThat(serverLeaves("todo")).containsExactly(rev.toString());
    }

    @Test
    void theSameEditMadeOfflineAndOnTheServerIsOneRevisionNotAConflict() throws Exception {
        assumeTrue(TestServer.shared().kind() == ServerKind.COUCHDB,
                "PouchDB Server computes its own revision ids");
        String first = db.put("doc", "{\"v\":1}");
        sync();
        String edit = "{\"_rev\":\"" + first + "\",\"v\":2}";

        Rev offline = store.put("doc", edit);
        String online = db.put("doc", edit);
        sync();

        assertThat(offline.toString()).isEqualTo(online);
        assertThat(serverLeaves("doc")).containsExactly(online);
        assertThat(storeLeaves("doc")).containsExactly(online);
    }

    @Test
    void concurrentEditsBecomeOneConflictAndDeletingTheLoserLocallyResolvesItOnTheServer() throws Exception {
        String first = db.put("doc", "{\"v\":1}");
        sync();
        Rev local = store.put("doc", "{\"_rev\":\"" + first + "\",\"v\":\"local\"}");
        String remote = db.put("doc", "{\"_rev\":\"" + first + "\",\"v\":\"server\"}");

        sync();

        DocRevision winner = store.get("doc");
        assertThat(db.get("/doc").json().get("_rev").asText()).isEqualTo(winner.rev().toString());
        assertThat(storeLeaves("doc")).containsExactlyElementsOf(serverLeaves("doc")).hasSize(2);
        Rev loser = store.conflicts("doc").get(0);
        assertThat(List.of(loser, winner.rev())).containsExactlyInAnyOrder(local, Rev.parse(remote));
        JsonNode conflicted = db.get("/doc?conflicts=true").json();
        assertThat(conflicted.get("_conflicts").get(0).asText()).isEqualTo(loser.toString());

        store.delete("doc", loser);
        sync();

        assertThat(db.get("/doc?conflicts=true").json().has("_conflicts")).isFalse();
        assertThat(db.get("/doc").json().get("_rev").asText()).isEqualTo(winner.rev().toString());
        assertThat(store.conflicts("doc")).isEmpty();
    }

    @Test
    void aContinuousSyncCarriesEditsBothWaysAndTellsTheApplication() throws Exception {
        java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch pushed = new java.util.concurrent.CountDownLatch(1);
        try (RemoteDatabase remote = RemoteDatabase.open(db.url())) {
            Sync sync = Sync.create(store, remote, ReplicationOptions.builder().continuous(true)
                    .heartbeat(java.time.Duration.ofMillis(500)).build());
            sync.addListener(new SyncListener() {
                @Override
                public void onChangesArrived(io.couchrepl.protocol.ReplicationStats batch, SyncStatus status) {
                    if (batch.docsWritten() > 0) {
                        arrived.countDown();
                    }
                }

                @Override
                public void onPushed(io.couchrepl.protocol.ReplicationStats batch, SyncStatus status) {
                    if (batch.docsWritten() > 0) {
                        pushed.countDown();
                    }
                }
            }).start();
            try {
                db.put("from-server", "{}");
                Rev local = store.put("from-app", "{\"x\":1}");

                assertThat(arrived.await(15, java.util.concurrent.TimeUnit.SECONDS)).as("onChangesArrived").isTrue();
                assertThat(pushed.await(15, java.util.concurrent.TimeUnit.SECONDS)).as("onPushed").isTrue();
                long deadline = System.nanoTime() + 15_000_000_000L;
                while (db.get("/from-app").status() != 200 || store.openRevs("from-server").isEmpty()) {
                    assertThat(System.nanoTime()).as("both documents cross").isLessThan(deadline);
                    Thread.sleep(50);
                }
                assertThat(db.get("/from-app").json().get("_rev").asText()).isEqualTo(local.toString());
            } finally {
                sync.stop();
                SyncStatus end = sync.await(java.time.Duration.ofSeconds(10));
                assertThat(end.pull().state()).isEqualTo(ReplicationState.STOPPED);
                assertThat(end.push().state()).isEqualTo(ReplicationState.STOPPED);
            }
        }
    }
}
