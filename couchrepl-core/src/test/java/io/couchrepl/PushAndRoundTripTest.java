package io.couchrepl;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.memory.MemoryStore;
import io.couchrepl.testing.ServerKind;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Replication out of a local store and into a server, and from server to server. */
class PushAndRoundTripTest {

    private TestDb a;
    private TestDb b;

    @BeforeEach
    void createDatabases() {
        a = TestServer.shared().createDb("rt-a");
        b = TestServer.shared().createDb("rt-b");
        String rev = a.put("hist", "{\"v\":1}");
        a.put("hist", "{\"_rev\":\"" + rev + "\",\"v\":2}");
        a.delete("gone", a.put("gone", "{}"));
        a.put("with/slash and ümlaut", "{\"n\":1.5}");
        a.put("_design/app", "{\"views\":{}}");
        a.put("_local/stays", "{}");
        a.bulkDocs("["
                + "{\"_id\":\"c\",\"_rev\":\"2-aaaa\",\"_revisions\":{\"start\":2,\"ids\":[\"aaaa\",\"root\"]},\"side\":\"a\"},"
                + "{\"_id\":\"c\",\"_rev\":\"2-bbbb\",\"_revisions\":{\"start\":2,\"ids\":[\"bbbb\",\"root\"]},\"side\":\"b\"},"
                + "{\"_id\":\"c\",\"_rev\":\"3-dddd\",\"_revisions\":{\"start\":3,\"ids\":[\"dddd\",\"cccc\",\"root\"]},\"_deleted\":true}"
                + "]", false);
    }

    @AfterEach
    void dropDatabases() {
        a.drop();
        b.drop();
    }

    private static ReplicationStatus replicate(io.couchrepl.spi.Source source, io.couchrepl.spi.Target target,
            ReplicationOptions options) {
        ReplicationStatus status = Replicator.create(source, target, options).run();
        assertThat(status.error()).isEmpty();
        assertThat(status.state()).isEqualTo(ReplicationState.COMPLETED);
        return status;
    }

    @Test
    void aRoundTripThroughAStoreGivesTheSecondDatabaseEveryLeafOfTheFirst() throws Exception {
        MemoryStore store = new MemoryStore();
        try (RemoteDatabase from = RemoteDatabase.open(a.url()); RemoteDatabase to = RemoteDatabase.open(b.url())) {
            replicate(from, store, ReplicationOptions.defaults());
            ReplicationStatus pushed = replicate(store, to, ReplicationOptions.defaults());

            assertThat(pushed.stats().docsWritten()).isEqualTo(store.leaves().size());
        }
        assertThat(Leaves.ofServer(b.leaves())).containsExactlyElementsOf(Leaves.ofServer(a.leaves()));
        assertThat(b.get("/_local/stays").status()).isEqualTo(404);
    }

    @Test
    void aSecondPushSendsOnlyWhatChangedAndTheLogLivesOnTheServer() throws Exception {
        MemoryStore store = new MemoryStore();
        try (RemoteDatabase from = RemoteDatabase.open(a.url()); RemoteDatabase to = RemoteDatabase.open(b.url())) {
            replicate(from, store, ReplicationOptions.defaults());
            ReplicationStatus first = replicate(store, to, ReplicationOptions.defaults());
            assertThat(b.get("/_local/" + first.replicationId()).status()).isEqualTo(200);

            a.put("late", "{}");
            replicate(from, store, ReplicationOptions.defaults());
            ReplicationStatus second = replicate(store, to, ReplicationOptions.defaults());

            assertThat(second.stats().revisionsChecked()).isEqualTo(1);
            assertThat(second.stats().docsWritten()).isEqualTo(1);
        }
        assertThat(Leaves.ofServer(b.leaves())).containsExactlyElementsOf(Leaves.ofServer(a.leaves()));
    }

    @Test
    void couchDbToCouchDbGivesTheTargetEveryLeafOfTheSource() throws Exception {
        try (RemoteDatabase from = RemoteDatabase.open(a.url()); RemoteDatabase to = RemoteDatabase.open(b.url())) {
            ReplicationStatus status = replicate(from, to,
                    ReplicationOptions.builder().checkpoints(CheckpointPlacement.BOTH).batchSize(3).build());

            assertThat(a.get("/_local/" + status.replicationId()).status()).isEqualTo(200);
            assertThat(b.get("/_local/" + status.replicationId()).status()).isEqualTo(200);
        }
        assertThat(Leaves.ofServer(b.leaves())).containsExactlyElementsOf(Leaves.ofServer(a.leaves()));
    }

    @Test
    void aDocumentTheTargetsValidationRejectsIsCountedAndTheRestWritten() throws Exception {
        Assumptions.assumeTrue(TestServer.shared().kind() == ServerKind.COUCHDB,
                "validate_doc_update is CouchDB's; PouchDB Server runs it only with a plugin");
        b.put("_design/guard", "{\"validate_doc_update\":\"function(newDoc) { if (newDoc.forbidden) "
                + "{ throw({forbidden: 'no forbidden docs'}); } }\"}");
        a.put("bad", "{\"forbidden\":true}");

        ReplicationStatus status;
        try (RemoteDatabase from = RemoteDatabase.open(a.url()); RemoteDatabase to = RemoteDatabase.open(b.url())) {
            status = replicate(from, to, ReplicationOptions.defaults());
        }

        assertThat(status.stats().docWriteFailures()).isEqualTo(1);
        assertThat(status.stats().docsWritten()).isEqualTo(status.stats().docsRead() - 1);
        assertThat(b.get("/bad").status()).isEqualTo(404);
        assertThat(b.get("/hist").status()).isEqualTo(200);
    }

    @Test
    void aContinuousPushFollowsTheStore() throws Exception {
        MemoryStore store = new MemoryStore();
        try (RemoteDatabase from = RemoteDatabase.open(a.url()); RemoteDatabase to = RemoteDatabase.open(b.url())) {
            replicate(from, store, ReplicationOptions.defaults());
            Replicator push = Replicator.create(store, to, ReplicationOptions.builder().continuous(true)
                    .heartbeat(java.time.Duration.ofMillis(500)).build()).start();
            try {
                a.put("later", "{}");
                replicate(from, store, ReplicationOptions.defaults());
                long deadline = System.nanoTime() + 15_000_000_000L;
                while (b.get("/later").status() != 200) {
                    assertThat(System.nanoTime()).as("the later document reaches B").isLessThan(deadline);
                    Thread.sleep(50);
                }
            } finally {
                push.stop();
                assertThat(push.await(java.time.Duration.ofSeconds(10)).state()).isEqualTo(ReplicationState.STOPPED);
            }
        }
    }
}
