package io.couchrepl;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.memory.MemoryStore;
import io.couchrepl.spi.WriteResult;
import io.couchrepl.testing.ServerKind;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The events an application builds on: change (pending, last_seq, revisions written), denied, complete. */
class ReplicationEventsTest {

    private TestDb source;
    private TestDb target;

    @BeforeEach
    void createDatabases() {
        source = TestServer.shared().createDb("events-src");
        target = TestServer.shared().createDb("events-tgt");
    }

    @AfterEach
    void dropDatabases() {
        source.drop();
        target.drop();
    }

    /** Every event in the order heard, and the change and denied events themselves. */
    private static final class Heard implements ReplicationListener {
        final List<String> order = new ArrayList<>();
        final List<ReplicationChange> changes = new ArrayList<>();
        final List<WriteResult.Failure> denied = new ArrayList<>();
        ReplicationStatus completed;

        @Override
        public void onActive(ReplicationStatus status) {
            order.add("active");
        }

        @Override
        public void onChange(ReplicationChange change, ReplicationStatus status) {
            order.add("change");
            changes.add(change);
        }

        @Override
        public void onDenied(WriteResult.Failure failure, ReplicationStatus status) {
            order.add("denied");
            denied.add(failure);
        }

        @Override
        public void onComplete(ReplicationStatus status) {
            order.add("complete");
            completed = status;
        }

        @Override
        public void onError(ReplicationException error, ReplicationStatus status) {
            order.add("error");
        }
    }

    @Test
    void theDocumentsTheTargetsValidationRefusesComeAsDeniedEventsWithCouchDbsReason() throws Exception {
        Assumptions.assumeTrue(TestServer.shared().kind() == ServerKind.COUCHDB,
                "validate_doc_update is CouchDB's; PouchDB Server runs it only with a plugin");
        target.put("_design/guard", "{\"validate_doc_update\":\"function(newDoc) { if (newDoc.bad) "
                + "{ throw({forbidden: 'no bad docs here'}); } }\"}");
        int refused = ReplicationStatus.DENIED_KEPT + 3;
        StringBuilder docs = new StringBuilder("[");
        Set<String> badIds = new TreeSet<>();
        for (int i = 0; i < refused + 40; i++) {
            boolean bad = i < refused;
            String id = String.format("%s%03d", bad ? "b" : "g", i);
            if (bad) {
                badIds.add(id);
            }
            docs.append(i == 0 ? "" : ",").append("{\"_id\":\"").append(id).append("\",\"bad\":").append(bad).append('}');
        }
        source.bulkDocs(docs.append(']').toString(), true);

        Heard heard = new Heard();
        ReplicationStatus status;
        try (RemoteDatabase from = RemoteDatabase.open(source.url()); RemoteDatabase to = RemoteDatabase.open(target.url())) {
            status = Replicator.create(from, to, ReplicationOptions.builder().batchSize(50).build())
                    .addListener(heard).run();
        }

        assertThat(status.state()).isEqualTo(ReplicationState.COMPLETED);
        assertThat(heard.denied).extracting(WriteResult.Failure::id).containsExactlyInAnyOrderElementsOf(badIds);
        assertThat(heard.denied).allSatisfy(failure -> {
            assertThat(failure.error()).isEqualTo("forbidden");
            assertThat(failure.reason()).isEqualTo("no bad docs here");
            assertThat(failure.rev().pos()).isEqualTo(1);
        });
        assertThat(status.stats().docWriteFailures()).isEqualTo(refused);
        assertThat(status.stats().docsWritten()).isEqualTo(40);
        // The status keeps the first refusals and counts the rest.
        assertThat(status.denied()).hasSize(ReplicationStatus.DENIED_KEPT);
        assertThat(status.deniedNotKept()).isEqualTo(3);
        assertThat(status.denied()).isEqualTo(heard.denied.subList(0, ReplicationStatus.DENIED_KEPT));
        // The refused are not among the written.
        assertThat(heard.changes).flatExtracting(ReplicationChange::written)
                .extracting(ReplicationChange.Revision::id)
                .hasSize(40)
                .noneMatch(badIds::contains);
        assertThat(target.get("/b000").status()).isEqualTo(404);
    }

    @Test
    void aPullInSmallBatchesCountsPendingDownToZeroAndCompletesLast() throws Exception {
        StringBuilder docs = new StringBuilder("[");
        for (int i = 0; i < 25; i++) {
            docs.append(i == 0 ? "" : ",").append("{\"_id\":\"d").append(i).append("\"}");
        }
        source.bulkDocs(docs.append(']').toString(), true);

        Heard heard = new Heard();
        MemoryStore store = new MemoryStore();
        ReplicationStatus status;
        try (RemoteDatabase from = RemoteDatabase.open(source.url())) {
            status = Replicator.create(from, store, ReplicationOptions.builder().batchSize(10).build())
                    .addListener(heard).run();
        }

        assertThat(status.state()).isEqualTo(ReplicationState.COMPLETED);
        assertThat(heard.changes).hasSize(3);
        assertThat(heard.changes).allSatisfy(change -> assertThat(change.pending()).isPresent());
        assertThat(heard.changes).extracting(change -> change.pending().getAsLong()).containsExactly(15L, 5L, 0L);
        assertThat(heard.changes).extracting(change -> change.batch().docsWritten()).containsExactly(10L, 10L, 5L);
        assertThat(heard.changes.get(2).lastSeq()).isEqualTo(status.checkpointedSeq().orElseThrow());
        assertThat(heard.changes).flatExtracting(ReplicationChange::written)
                .extracting(ReplicationChange.Revision::id).hasSize(25).doesNotHaveDuplicates();
        assertThat(heard.order).first().isEqualTo("active");
        assertThat(heard.order).last().isEqualTo("complete");
        assertThat(heard.order).containsOnlyOnce("complete");
        assertThat(heard.completed.stats().docsWritten()).isEqualTo(25);
        assertThat(heard.denied).isEmpty();
    }

    private List<String> newConflictsOfAPull(MemoryStore store) throws Exception {
        Heard heard = new Heard();
        try (RemoteDatabase from = RemoteDatabase.open(source.url())) {
            ReplicationStatus status = Replicator.create(from, store, ReplicationOptions.defaults())
                    .reportNewConflicts().addListener(heard).run();
            assertThat(status.state()).isEqualTo(ReplicationState.COMPLETED);
        }
        assertThat(heard.changes).allSatisfy(change -> assertThat(change.newConflicts()).isPresent());
        return heard.changes.stream().flatMap(change -> change.newConflicts().orElseThrow().stream()).toList();
    }

    @Test
    void aPullThatBringsANewConflictSaysSoOnceInItsChangeEvent() throws Exception {
        source.bulkDocs("[{\"_id\":\"c\",\"_rev\":\"1-aaaa\",\"side\":\"a\"},{\"_id\":\"plain\",\"_rev\":\"1-aaaa\"},"
                + "{\"_id\":\"was\",\"_rev\":\"1-aaaa\"},{\"_id\":\"was\",\"_rev\":\"1-bbbb\"}]", false);
        MemoryStore store = new MemoryStore();
        // A document in conflict from the start is new to the store: reported.
        assertThat(newConflictsOfAPull(store)).containsExactly("was");

        source.bulkDocs("[{\"_id\":\"c\",\"_rev\":\"1-bbbb\",\"side\":\"b\"}]", false);
        source.put("plain", "{\"_rev\":\"1-aaaa\",\"v\":2}");
        assertThat(newConflictsOfAPull(store)).containsExactly("c");

        // The conflict goes on with an edit of one branch: not new, not reported again.
        source.bulkDocs("[{\"_id\":\"c\",\"_rev\":\"2-cccc\",\"_revisions\":{\"start\":2,\"ids\":[\"cccc\",\"aaaa\"]}}]", false);
        assertThat(newConflictsOfAPull(store)).isEmpty();
        assertThat(store.conflicts("c")).hasSize(1);
    }

    @Test
    void withoutAskingTheChangeEventsCarryNoConflictList() throws Exception {
        source.put("d", "{}");
        Heard heard = new Heard();
        try (RemoteDatabase from = RemoteDatabase.open(source.url())) {
            Replicator.create(from, new MemoryStore(), ReplicationOptions.defaults()).addListener(heard).run();
        }
        assertThat(heard.changes).singleElement().satisfies(change -> assertThat(change.newConflicts()).isEmpty());
    }
}
