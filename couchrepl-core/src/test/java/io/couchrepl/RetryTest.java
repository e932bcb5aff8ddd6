package io.couchrepl;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.http.ClientOptions;
import io.couchrepl.http.CouchHttpException;
import io.couchrepl.http.CouchUrl;
import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.memory.MemoryStore;
import io.couchrepl.spi.NoSuchDatabaseException;
import io.couchrepl.spi.RefusedException;
import io.couchrepl.spi.UnavailableException;
import io.couchrepl.testing.Fault;
import io.couchrepl.testing.FaultPlan;
import io.couchrepl.testing.FaultProxy;
import io.couchrepl.testing.ForwardingProxy;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which failures are tried again, how patiently, and which end a replication at once. */
class RetryTest {

    private static final RetryPolicy QUICK = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5));

    private TestDb db;

    @BeforeEach
    void createDatabase() {
        db = TestServer.shared().createDb("retry");
        db.put("a", "{}");
        db.put("b", "{}");
    }

    @AfterEach
    void dropDatabase() {
        db.drop();
    }

    private static ReplicationStatus pull(String url, MemoryStore store, RetryPolicy retry) throws Exception {
        try (RemoteDatabase source = RemoteDatabase.open(CouchUrl.parse(url),
                ClientOptions.builder().retry(retry).build())) {
            return Replicator.create(source, store, ReplicationOptions.defaults()).run();
        }
    }

    private static long count(FaultProxy proxy, String pathSuffix) {
        return proxy.requests().stream().filter(r -> r.path().endsWith(pathSuffix)).count();
    }

    @Test
    void aServerErrorIsRetriedUntilItPasses() throws Exception {
        try (FaultProxy proxy = FaultProxy.in(db.server())
                .plan(FaultPlan.first(2, FaultPlan.pathEndsWith("/_changes"), Fault.status(503)))) {
            MemoryStore store = new MemoryStore();

            ReplicationStatus status = pull(proxy.urlOf(db), store, QUICK);

            assertThat(status.state()).isEqualTo(ReplicationState.COMPLETED);
            assertThat(store.leaves()).hasSize(2);
            List<FaultProxy.Exchange> changes = proxy.exchanges().stream()
                    .filter(e -> e.request().path().endsWith("/_changes")).toList();
            assertThat(changes.subList(0, 3)).extracting(e -> e.request().pathAndQuery()).containsOnly(
                    changes.get(0).request().pathAndQuery());
            assertThat(changes.subList(0, 3)).extracting(e -> e.fault().isPresent()).containsExactly(true, true, false);
        }
    }

    @Test
    void givesUpAfterTheRetryCountSayingHowOftenItTried() throws Exception {
        try (FaultProxy proxy = FaultProxy.in(db.server())
                .plan(FaultPlan.always(FaultPlan.pathEndsWith("/_changes"), Fault.status(503)))) {
            ReplicationStatus status = pull(proxy.urlOf(db), new MemoryStore(), QUICK);

            assertThat(status.state()).isEqualTo(ReplicationState.FAILED);
            ReplicationException error = status.error().orElseThrow();
            assertThat(error.getCause()).isInstanceOf(UnavailableException.class);
            assertThat(error.getMessage()).contains("503 service_unavailable").contains("gave up after 4 attempts");
            assertThat(count(proxy, "/_changes")).isEqualTo(4);
        }
    }

    @Test
    void waitsAsLongAsRetryAfterSays() throws Exception {
        try (FaultProxy proxy = FaultProxy.in(db.server())
                .plan(FaultPlan.first(1, FaultPlan.pathEndsWith("/_changes"), Fault.status(429, 1)))) {
            ReplicationStatus status = pull(proxy.urlOf(db), new MemoryStore(), QUICK);

            assertThat(status.state()).isEqualTo(ReplicationState.COMPLETED);
            List<FaultProxy.Exchange> changes = proxy.exchanges().stream()
                    .filter(e -> e.request().path().endsWith("/_changes")).toList();
            long waitedMillis = (changes.get(1).receivedNanos() - changes.get(0).receivedNanos()) / 1_000_000;
            assertThat(waitedMillis).as("wait after 429 with Retry-After: 1").isGreaterThanOrEqualTo(950);
        }
    }

    @Test
    void refusedCredentialsAreAskedOnceAndNeverRetried() throws Exception {
        String user = "nobody-" + UUID.randomUUID().toString().substring(0, 8);
        try (FaultProxy proxy = FaultProxy.in(db.server())) {
            String url = proxy.url() + "/" + db.name();
            url = url.replace("://", "://" + user + ":wrong-pa55@");

            ReplicationStatus status = pull(url, new MemoryStore(), QUICK);

            assertThat(status.state()).isEqualTo(ReplicationState.FAILED);
            assertThat(status.error().orElseThrow().getCause()).isInstanceOf(RefusedException.class);
            CouchHttpException refusal = (CouchHttpException) status.error().orElseThrow().getCause().getCause();
            assertThat(refusal.status()).isEqualTo(401);
            assertThat(proxy.requests()).hasSize(1);
            assertThat(status.error().get().getMessage()).doesNotContain("wrong-pa55");
        }
    }

    @Test
    void aMissingDatabaseIsAskedOnceAndNeverRetried() throws Exception {
        try (FaultProxy proxy = FaultProxy.in(db.server())) {
            String url = proxy.urlOf(db) + "-missing";

            ReplicationStatus status = pull(url, new MemoryStore(), QUICK);

            assertThat(status.state()).isEqualTo(ReplicationState.FAILED);
            assertThat(status.error().orElseThrow().getCause()).isInstanceOf(NoSuchDatabaseException.class)
                    .hasCauseInstanceOf(CouchHttpException.class);
            assertThat(((CouchHttpException) status.error().orElseThrow().getCause().getCause()).status()).isEqualTo(404);
            assertThat(proxy.requests()).hasSize(1);
        }
    }

    @Test
    void aTemporarilyLockedAccountIsWaitedForNotGivenUpOn() throws Exception {
        AtomicInteger locked = new AtomicInteger(2);
        String lockout = "{\"error\":\"forbidden\",\"reason\":\"Account is temporarily locked due to multiple"
                + " authentication failures\"}";
        try (ForwardingProxy proxy = ForwardingProxy.in(db.server()).answer(request -> locked.getAndDecrement() > 0
                ? Optional.of(ForwardingProxy.Answer.json(403, lockout)) : Optional.empty())) {
            MemoryStore store = new MemoryStore();

            ReplicationStatus status = pull(proxy.urlOf(db), store, QUICK);

            assertThat(status.state()).isEqualTo(ReplicationState.COMPLETED);
            assertThat(store.leaves()).hasSize(2);
        }
    }
}
