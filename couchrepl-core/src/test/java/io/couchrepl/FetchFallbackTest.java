package io.couchrepl;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.memory.MemoryStore;
import io.couchrepl.protocol.ChangesBatch;
import io.couchrepl.protocol.ChangesRequest;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.FetchResult;
import io.couchrepl.protocol.RevRequest;
import io.couchrepl.spi.Source;
import io.couchrepl.testing.ForwardingProxy;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fetching when {@code _bulk_get} is missing, and when the source no longer has a revision. */
class FetchFallbackTest {

    private TestDb db;

    @BeforeEach
    void createDatabase() {
        db = TestServer.shared().createDb("fallback");
        String rev = db.put("plain", "{\"v\":1}");
        db.put("plain", "{\"_rev\":\"" + rev + "\",\"v\":2}");
        db.put("with/slash", "{}");
        db.bulkDocs("[{\"_id\":\"c\",\"_rev\":\"1-x\",\"v\":\"x\"},{\"_id\":\"c\",\"_rev\":\"1-y\",\"v\":\"y\"}]", false);
        db.delete("gone", db.put("gone", "{}"));
    }

    @AfterEach
    void dropDatabase() {
        db.drop();
    }

    @Test
    void aServerWithoutBulkGetIsAskedPerDocumentWithOpenRevs() throws Exception {
        MemoryStore store = new MemoryStore();
        try (ForwardingProxy proxy = ForwardingProxy.in(db.server())
                .answer(ForwardingProxy.pathEndsWith("/_bulk_get",
                        ForwardingProxy.Answer.json(404, "{\"error\":\"not_found\",\"reason\":\"missing\"}")));
             RemoteDatabase source = RemoteDatabase.open(proxy.urlOf(db))) {

            ReplicationStatus status = Replicator.create(source, store, ReplicationOptions.defaults()).run();

            assertThat(status.state()).isEqualTo(ReplicationState.COMPLETED);
            assertThat(proxy.requests()).anyMatch(r -> r.pathAndQuery().contains("open_revs="));
            assertThat(proxy.requests().stream().filter(r -> r.pathAndQuery().contains("_bulk_get")).count())
                    .as("_bulk_get is tried once, then no more").isEqualTo(1);
        }
        assertThat(Leaves.ofStore(store.leaves())).containsExactlyElementsOf(Leaves.ofServer(db.leaves()));
    }

    @Test
    void aRevisionTheSourceNoLongerHasIsSkippedAndTheRestWritten() throws Exception {
        MemoryStore store = new MemoryStore();
        try (RemoteDatabase real = RemoteDatabase.open(db.url())) {
            Source forgetful = new ForgetfulSource(real, "plain");

            ReplicationStatus status = Replicator.create(forgetful, store, ReplicationOptions.defaults()).run();

            assertThat(status.state()).isEqualTo(ReplicationState.COMPLETED);
            assertThat(store.winner("plain")).isEmpty();
            assertThat(store.leaves()).extracting(DocRevision::id).contains("c", "gone", "with/slash");
            assertThat(status.stats().missingRevisionsFound()).isEqualTo(5);
            assertThat(status.stats().docsWritten()).isEqualTo(4);
        }
    }

    /** Answers {@code not_found} for one document, as a source does after compacting it away. */
    private record ForgetfulSource(Source real, String forgotten) implements Source {
        @Override
        public String identity() {
            return real.identity();
        }

        @Override
        public ChangesBatch changes(ChangesRequest request) throws IOException {
            return real.changes(request);
        }

        @Override
        public FetchResult fetch(List<RevRequest> requests) throws IOException {
            FetchResult result = real.fetch(requests);
            List<DocRevision> kept = new ArrayList<>();
            List<FetchResult.NotFound> gone = new ArrayList<>(result.notFound());
            for (DocRevision revision : result.revisions()) {
                if (revision.id().equals(forgotten)) {
                    gone.add(new FetchResult.NotFound(revision.id(), revision.rev(), "not_found: missing"));
                } else {
                    kept.add(revision);
                }
            }
            return new FetchResult(kept, gone);
        }

        @Override
        public void close() {}
    }
}
