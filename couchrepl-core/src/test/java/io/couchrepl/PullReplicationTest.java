package io.couchrepl;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.memory.MemoryStore;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pull replication from a real server into the in-memory store: every leaf arrives as the server has it. */
class PullReplicationTest {

    private TestDb db;
    private MemoryStore store;

    @BeforeEach
    void createDatabase() {
        db = TestServer.shared().createDb("pull");
        store = new MemoryStore();
    }

    @AfterEach
    void dropDatabase() {
        db.drop();
    }

    private ReplicationStatus pull(ReplicationOptions options) throws Exception {
        try (RemoteDatabase source = RemoteDatabase.open(db.url())) {
            ReplicationStatus status = Replicator.create(source, store, options).run();
            assertThat(status.error()).isEmpty();
            assertThat(status.state()).isEqualTo(ReplicationState.COMPLETED);
            return status;
        }
    }

    private ReplicationStatus pull() throws Exception {
        return pull(ReplicationOptions.defaults());
    }

    private void assertStoreHoldsEveryLeafOfTheServer() {
        assertThat(Leaves.ofStore(store.leaves())).containsExactlyElementsOf(Leaves.ofServer(db.leaves()));
    }

    @Test
    void replicatesAMultiRevisionHistory() throws Exception {
        String rev = db.put("hist", "{\"v\":1}");
        rev = db.put("hist", "{\"_rev\":\"" + rev + "\",\"v\":2}");
        rev = db.put("hist", "{\"_rev\":\"" + rev + "\",\"v\":3}");

        pull();

        DocRevision leaf = store.winner("hist").orElseThrow();
        assertThat(leaf.rev()).isEqualTo(Rev.parse(rev));
        assertThat(leaf.history()).hasSize(3);
        assertStoreHoldsEveryLeafOfTheServer();
    }

    @Test
    void replicatesDeletionsAndRecreations() throws Exception {
        String rev = db.put("gone", "{\"v\":1}");
        db.delete("gone", rev);
        String again = db.put("back", "{\"v\":1}");
        db.delete("back", again);
        db.put("back", "{\"v\":\"recreated\"}");

        pull();

        assertThat(store.winner("gone").orElseThrow().deleted()).isTrue();
        DocRevision back = store.winner("back").orElseThrow();
        assertThat(back.deleted()).isFalse();
        assertThat(back.rev().pos()).isEqualTo(3);
        assertStoreHoldsEveryLeafOfTheServer();
    }

    @Test
    void replicatesConflictsIncludingADeletedBranchAndPicksTheServersWinner() throws Exception {
        db.bulkDocs("["
                + "{\"_id\":\"c\",\"_rev\":\"2-aaaa\",\"_revisions\":{\"start\":2,\"ids\":[\"aaaa\",\"root\"]},\"side\":\"a\"},"
                + "{\"_id\":\"c\",\"_rev\":\"2-bbbb\",\"_revisions\":{\"start\":2,\"ids\":[\"bbbb\",\"root\"]},\"side\":\"b\"},"
                + "{\"_id\":\"c\",\"_rev\":\"3-zzzz\",\"_revisions\":{\"start\":3,\"ids\":[\"zzzz\",\"cccc\",\"root\"]},\"_deleted\":true}"
                + "]", false);

        pull();

        assertThat(store.leaves()).extracting(r -> r.rev().toString())
                .containsExactlyInAnyOrder("2-aaaa", "2-bbbb", "3-zzzz");
        String serverWinner = db.get("/c").json().get("_rev").asText();
        assertThat(store.winner("c").orElseThrow().rev().toString()).isEqualTo(serverWinner).isEqualTo("2-bbbb");
        assertStoreHoldsEveryLeafOfTheServer();
    }

    @Test
    void replicatesDesignDocsAndOddIds() throws Exception {
        db.put("_design/app", "{\"views\":{\"v\":{\"map\":\"function(doc){emit(doc._id)}\"}}}");
        List<String> ids = List.of("with/slash", "with space", "plus+sign", "percent%25", "question?mark",
                "hash#tag", "ümlaut-文字", "emoji-\uD83D\uDE80", "-leading-dash");
        for (String id : ids) {
            db.put(id, "{\"id\":\"" + id.replace("\\", "\\\\") + "\"}");
        }

        pull();

        for (String id : ids) {
            assertThat(store.winner(id)).as(id).isPresent();
        }
        assertThat(store.winner("_design/app")).isPresent();
        assertStoreHoldsEveryLeafOfTheServer();
    }

    @Test
    void replicatesALargeDocumentByteForByte() throws Exception {
        StringBuilder blob = new StringBuilder(200_000);
        for (int i = 0; blob.length() < 200_000; i++) {
            blob.append((char) ('a' + i % 26));
        }
        db.put("big", "{\"blob\":\"" + blob + "\",\"n\":1.10,\"e\":1e-7}");

        pull();

        // The store holds the numbers as the source sent them (CouchDB itself turns 1.10 into 1.1).
        String served = db.get("/big").body();
        assertThat(store.winner("big").orElseThrow().body()).contains(blob)
                .contains(served.substring(served.indexOf("\"n\":"), served.indexOf(",\"e\":")));
        assertStoreHoldsEveryLeafOfTheServer();
    }

    @Test
    void neverCopiesLocalDocuments() throws Exception {
        db.put("_local/secret", "{\"secret\":true}");
        db.put("visible", "{}");

        ReplicationStatus status = pull();

        assertThat(store.winner("_local/secret")).isEmpty();
        assertThat(store.leaves()).extracting(DocRevision::id).containsExactly("visible");
        assertThat(status.stats().docsWritten()).isEqualTo(1);
    }

    @Test
    void aSecondRunWritesOnlyTheNewRevisions() throws Exception {
        for (int i = 0; i < 30; i++) {
            db.put("doc-" + i, "{\"i\":" + i + "}");
        }
        ReplicationStatus first = pull(ReplicationOptions.builder().batchSize(7).build());
        assertThat(first.stats().docsWritten()).isEqualTo(30);

        String rev = db.get("/doc-3").json().get("_rev").asText();
        db.put("doc-3", "{\"_rev\":\"" + rev + "\",\"i\":\"changed\"}");
        db.put("new-1", "{}");
        db.put("new-2", "{}");

        ReplicationStatus second = pull(ReplicationOptions.builder().batchSize(7).build());

        assertThat(second.replicationId()).isEqualTo(first.replicationId());
        assertThat(second.stats().docsWritten()).isEqualTo(3);
        assertThat(second.stats().revisionsChecked()).isEqualTo(3);
        assertStoreHoldsEveryLeafOfTheServer();
    }

    @Test
    void aRunWithNothingNewWritesNothing() throws Exception {
        db.put("only", "{}");
        pull();

        ReplicationStatus again = pull();

        assertThat(again.stats().docsWritten()).isZero();
        assertThat(again.stats().revisionsChecked()).isZero();
        assertThat(again.checkpointedSeq()).isPresent();
    }

    @Test
    void smallBatchesGiveTheSameLeavesAsOneBatch() throws Exception {
        for (int i = 0; i < 25; i++) {
            String rev = db.put("d" + i, "{\"i\":" + i + "}");
            if (i % 3 == 0) {
                db.put("d" + i, "{\"_rev\":\"" + rev + "\",\"i\":-1}");
            }
        }

        ReplicationStatus status = pull(ReplicationOptions.builder().batchSize(1).build());

        assertThat(status.stats().docsWritten()).isEqualTo(25);
        assertStoreHoldsEveryLeafOfTheServer();
    }
}
