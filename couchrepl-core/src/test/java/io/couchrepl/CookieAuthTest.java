package io.couchrepl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.couchrepl.http.AuthScheme;
import io.couchrepl.http.ClientOptions;
import io.couchrepl.http.CouchHttpException;
import io.couchrepl.spi.RefusedException;
import io.couchrepl.http.CouchUrl;
import io.couchrepl.http.Credentials;
import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.memory.MemoryStore;
import io.couchrepl.testing.Fault;
import io.couchrepl.testing.FaultPlan;
import io.couchrepl.testing.FaultProxy;
import io.couchrepl.testing.ServerConfig;
import io.couchrepl.testing.ServerKind;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cookie authentication against CouchDB: one login, the cookie on every request, a new login when it expires. */
class CookieAuthTest {

    private TestDb db;

    @BeforeEach
    void createDatabase() {
        assumeTrue(TestServer.shared().kind() == ServerKind.COUCHDB, "PouchDB Server runs without users");
        db = TestServer.shared().createDb("cookie");
        for (int i = 0; i < 5; i++) {
            db.put("d" + i, "{}");
        }
    }

    @AfterEach
    void dropDatabase() {
        if (db != null) {
            db.drop();
        }
    }

    private ReplicationStatus pull(FaultProxy proxy, Credentials credentials, MemoryStore store) throws Exception {
        ClientOptions options = ClientOptions.builder().auth(AuthScheme.COOKIE).credentials(credentials).build();
        String url = proxy.url() + "/" + db.name();
        try (RemoteDatabase source = RemoteDatabase.open(CouchUrl.parse(url), options)) {
            return Replicator.create(source, store, ReplicationOptions.builder().batchSize(2).build()).run();
        }
    }

    private Credentials admin() {
        String[] userInfo = URI.create(db.server().url()).getUserInfo().split(":", 2);
        return Credentials.of(userInfo[0], userInfo[1]);
    }

    private static List<FaultProxy.Exchange> logins(FaultProxy proxy) {
        return proxy.exchanges().stream().filter(e -> e.request().path().equals("/_session")).toList();
    }

    @Test
    void logsInOnceAndSendsThePasswordNowhereElse() throws Exception {
        String password = URI.create(db.server().url()).getUserInfo().split(":", 2)[1];
        try (FaultProxy proxy = FaultProxy.in(db.server())) {
            MemoryStore store = new MemoryStore();

            ReplicationStatus status = pull(proxy, admin(), store);

            assertThat(status.state()).isEqualTo(ReplicationState.COMPLETED);
            assertThat(store.leaves()).hasSize(5);
            assertThat(logins(proxy)).hasSize(1);
            assertThat(logins(proxy).get(0).request().bodyText()).contains(password);
            List<FaultProxy.Exchange> others = proxy.exchanges().stream()
                    .filter(e -> !e.request().path().equals("/_session")).toList();
            assertThat(others).hasSizeGreaterThan(3).allSatisfy(e -> {
                assertThat(e.header("Authorization")).isEmpty();
                assertThat(e.header("Cookie")).singleElement().asString().startsWith("AuthSession=");
                assertThat(e.request().bodyText()).doesNotContain(password);
            });
        }
    }

    @Test
    void anExpiredSessionIsRenewedOnceAndTheReplicationGoesOn() throws Exception {
        // The first _bulk_get is held back past the session's life.
        try (FaultProxy proxy = FaultProxy.in(db.server())
                .plan(FaultPlan.first(1, FaultPlan.pathEndsWith("/_bulk_get"), Fault.delay(Duration.ofMillis(7000))));
             ServerConfig sessions = ServerConfig.set(db.server(), "chttpd_auth", "timeout", "5")) {
            MemoryStore store = new MemoryStore();

            ReplicationStatus status = pull(proxy, admin(), store);

            assertThat(status.error()).isEmpty();
            assertThat(status.state()).isEqualTo(ReplicationState.COMPLETED);
            assertThat(Leaves.ofStore(store.leaves())).containsExactlyElementsOf(Leaves.ofServer(db.leaves()));
            assertThat(logins(proxy)).hasSize(2);
        }
    }

    @Test
    void aRefusedLoginIsTriedOnceAndEndsTheReplication() throws Exception {
        Credentials stranger = Credentials.of("nobody-" + UUID.randomUUID().toString().substring(0, 8), "wrong-pa55");
        try (FaultProxy proxy = FaultProxy.in(db.server())) {
            ReplicationStatus status = pull(proxy, stranger, new MemoryStore());

            assertThat(status.state()).isEqualTo(ReplicationState.FAILED);
            assertThat(status.error().orElseThrow().getCause()).isInstanceOf(RefusedException.class)
                    .cause().isInstanceOfSatisfying(CouchHttpException.class, e -> assertThat(e.status()).isEqualTo(401));
            assertThat(status.error().get().getMessage()).doesNotContain("wrong-pa55");
            assertThat(proxy.requests()).hasSize(1);
        }
    }
}
