package io.couchrepl;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.http.ClientOptions;
import io.couchrepl.http.CouchUrl;
import io.couchrepl.http.MalformedResponseException;
import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.memory.MemoryStore;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.testing.ForwardingProxy;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Answers that are not what the protocol promises end the replication with a clear error, at once
 * (trying again would get the same), never with a corrupt store or a checkpoint past what was written.
 */
class MalformedAnswersTest {

    private TestDb db;

    @BeforeEach
    void createDatabase() {
        db = TestServer.shared().createDb("malformed");
        for (int i = 0; i < 6; i++) {
            db.put("d" + i, "{\"i\":" + i + "}");
        }
    }

    @AfterEach
    void dropDatabase() {
        db.drop();
    }

    private ReplicationStatus pull(ForwardingProxy proxy, MemoryStore store) throws Exception {
        ClientOptions options = ClientOptions.builder()
                .retry(new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(5))).build();
        try (RemoteDatabase source = RemoteDatabase.open(CouchUrl.parse(proxy.urlOf(db)), options)) {
            return Replicator.create(source, store, ReplicationOptions.builder().batchSize(3).build()).run();
        }
    }

    private static long changesRequests(ForwardingProxy proxy) {
        return proxy.requests().stream().filter(r -> r.path().endsWith("/_changes")).count();
    }

    @Test
    void anHtmlPageInsteadOfJsonFailsAtOnceNamingWhatCame() throws Exception {
        try (ForwardingProxy proxy = ForwardingProxy.in(db.server()).answer(ForwardingProxy.pathEndsWith("/_changes",
                new ForwardingProxy.Answer(200, "text/html", "<html><body>Please log in to the Wi-Fi</body></html>")))) {
            MemoryStore store = new MemoryStore();

            ReplicationStatus status = pull(proxy, store);

            assertThat(status.state()).isEqualTo(ReplicationState.FAILED);
            assertThat(status.error().orElseThrow()).hasCauseInstanceOf(MalformedResponseException.class)
                    .hasMessageContaining("answered text/html, not JSON");
            assertThat(changesRequests(proxy)).isEqualTo(1);
            assertThat(store.leaves()).isEmpty();
        }
    }

    @Test
    void invalidJsonFailsAtOnce() throws Exception {
        try (ForwardingProxy proxy = ForwardingProxy.in(db.server()).answer(ForwardingProxy.pathEndsWith("/_bulk_get",
                ForwardingProxy.Answer.json(200, "{\"results\":[oops]}")))) {
            MemoryStore store = new MemoryStore();

            ReplicationStatus status = pull(proxy, store);

            assertThat(status.state()).isEqualTo(ReplicationState.FAILED);
            assertThat(status.error().orElseThrow()).hasMessageContaining("_bulk_get")
                    .hasMessageContaining("answered invalid JSON");
            assertThat(store.leaves()).isEmpty();
            assertThat(status.checkpointedSeq()).isEmpty();
        }
    }

    @Test
    void aChangesRowWithoutChangesFailsWithoutACheckpointPastThePagesWritten() throws Exception {
        // The second page loses the "changes" of its first row.
        try (ForwardingProxy proxy = ForwardingProxy.in(db.server()).rewrite(
                request -> request.path().endsWith("/_changes") && !request.pathAndQuery().contains("since=0&")
                        ? Optional.of(ForwardingProxy.Answer.json(200, "")) : Optional.empty(),
                body -> body.replaceFirst(",\"changes\":\\[[^\\]]*\\]", ""))) {
            MemoryStore store = new MemoryStore();

            ReplicationStatus status = pull(proxy, store);

            assertThat(status.state()).isEqualTo(ReplicationState.FAILED);
            assertThat(status.error().orElseThrow()).hasMessageContaining("lists no revisions");
            assertThat(store.leaves()).extracting(DocRevision::id).hasSize(3);
            assertThat(store.readCheckpoint(status.replicationId()).orElseThrow().lastSeq())
                    .isEqualTo(status.checkpointedSeq().orElseThrow());
            assertThat(changesRequests(proxy)).isEqualTo(2);
        }
    }
}
