package io.couchrepl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.couchrepl.http.ClientOptions;
import io.couchrepl.http.CouchUrl;
import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.memory.MemoryStore;
import io.couchrepl.testing.Fault;
import io.couchrepl.testing.FaultPlan;
import io.couchrepl.testing.FaultProxy;
import io.couchrepl.testing.ServerConfig;
import io.couchrepl.testing.ServerKind;
import io.couchrepl.testing.SampleDocs;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests the server refuses for their size: a {@code _bulk_get} over CouchDB's
 * {@code max_http_request_size} (413) is sent in halves, an {@code open_revs} URL the server finds
 * too long (414) is split, and {@code open_revs} URLs stay under 7000 characters from the start.
 */
class RequestLimitsTest {

    private TestDb db;

    @BeforeEach
    void createDatabase() {
        db = TestServer.shared().createDb("limits");
    }

    @AfterEach
    void dropDatabase() {
        db.drop();
    }

    private ReplicationStatus pull(String url, MemoryStore store, int batchSize) throws Exception {
        try (RemoteDatabase source = RemoteDatabase.open(CouchUrl.parse(url), ClientOptions.defaults())) {
            return Replicator.create(source, store, ReplicationOptions.builder().batchSize(batchSize).build()).run();
        }
    }

    private void assertHoldsEveryLeafOfTheServer(ReplicationStatus status, MemoryStore store) {
        assertThat(status.error()).isEmpty();
        assertThat(status.state()).isEqualTo(ReplicationState.COMPLETED);
        assertThat(Leaves.ofStore(store.leaves())).containsExactlyElementsOf(Leaves.ofServer(db.leaves()));
        assertThat(status.stats().docWriteFailures()).isZero();
    }

    /** A document with {@code leaves} conflicting first revisions. */
    private void putConflicts(String id, int leaves) {
        StringJoiner docs = new StringJoiner(",", "[", "]");
        for (int i = 0; i < leaves; i++) {
            docs.add("{\"_id\":\"" + id + "\",\"_rev\":\"1-" + String.format("%032x", i + 1) + "\",\"n\":" + i + "}");
        }
        db.bulkDocs(docs.toString(), false);
    }

    @Test
    void aBulkGetCouchDbRefusesAsTooLargeIsSentInHalves() throws Exception {
        assumeTrue(db.server().kind() == ServerKind.COUCHDB, "only CouchDB limits request sizes");
        SampleDocs.fill(db, 150);
        try (FaultProxy proxy = FaultProxy.in(db.server());
             ServerConfig limit = ServerConfig.set(db.server(), "chttpd", "max_http_request_size", "2000")) {
            MemoryStore store = new MemoryStore();

            ReplicationStatus status = pull(proxy.urlOf(db), store, 150);

            assertHoldsEveryLeafOfTheServer(status, store);
            assertThat(proxy.requests().stream().filter(r -> r.path().endsWith("/_bulk_get"))
                    .mapToInt(r -> r.body().length).max().orElseThrow())
                    .as("largest _bulk_get sent").isGreaterThan(2000);
        }
    }

    @Test
    void anOpenRevsUrlRefusedAsTooLongIsSplitUntilItFits() throws Exception {
        putConflicts("many", 40);
        db.put("plain", "{}");
        try (FaultProxy proxy = FaultProxy.in(db.server()).plan(request -> {
            if (request.path().endsWith("/_bulk_get")) {
                return java.util.Optional.of(Fault.status(404)); // an old server: per-document open_revs
            }
            return request.pathAndQuery().length() > 600 ? java.util.Optional.of(Fault.status(414))
                    : java.util.Optional.empty();
        })) {
            MemoryStore store = new MemoryStore();

            ReplicationStatus status = pull(proxy.urlOf(db), store, 500);

            assertHoldsEveryLeafOfTheServer(status, store);
            assertThat(store.leaves()).hasSize(41);
            assertThat(proxy.exchanges()).anyMatch(e -> e.fault().map(f -> f.status() == 414).orElse(false));
        }
    }

    @Test
    void openRevsUrlsStayUnder7000CharactersWhateverTheNumberOfLeaves() throws Exception {
        putConflicts("crowded", 400);
        try (FaultProxy proxy = FaultProxy.in(db.server())
                .plan(FaultPlan.always(FaultPlan.pathEndsWith("/_bulk_get"), Fault.status(404)))) {
            MemoryStore store = new MemoryStore();

            ReplicationStatus status = pull(proxy.urlOf(db), store, 500);

            assertHoldsEveryLeafOfTheServer(status, store);
            assertThat(proxy.requests().stream().filter(r -> r.pathAndQuery().contains("open_revs="))
                    .mapToInt(r -> (proxy.url() + r.pathAndQuery()).length()))
                    .hasSizeGreaterThan(1)
                    .allMatch(length -> length <= 7000);
        }
    }
}
