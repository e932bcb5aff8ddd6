package io.couchrepl;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.http.BearerToken;
import io.couchrepl.http.ClientOptions;
import io.couchrepl.http.CouchUrl;
import io.couchrepl.http.HttpProxy;
import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.http.TrustStores;
import io.couchrepl.memory.MemoryStore;
import io.couchrepl.testing.ForwardProxy;
import io.couchrepl.testing.SampleDocs;
import io.couchrepl.testing.SelfSignedCertificate;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's own proxy and header settings ({@link ClientOptions#proxy()}, {@link ClientOptions#headers()}):
 * a pull through a forward proxy that wants credentials, and through one reached over TLS. The
 * database's host name resolves only at the proxy, so every request went through it.
 */
class ProxyTest {

    private static final String HOST = "couchdb.only-at-proxy";

    @TempDir
    Path dir;

    private TestDb db;

    @BeforeEach
    void createDb() {
        db = TestServer.shared().createDb("lib-proxy");
        SampleDocs.fill(db, 20);
    }

    @AfterEach
    void dropDb() {
        db.drop();
    }

    private ReplicationStatus pull(ClientOptions options, MemoryStore store) throws Exception {
        try (RemoteDatabase source = RemoteDatabase.open(CouchUrl.parse(db.url().replace("127.0.0.1", HOST)), options)) {
            return Replicator.create(source, store, ReplicationOptions.defaults()).run();
        }
    }

    @Test
    void pullsThroughAProxyThatWantsCredentialsWithTheHeadersOnEveryRequest() throws Exception {
        try (ForwardProxy proxy = ForwardProxy.requiring("lib", "lib-pw").resolving(HOST, "127.0.0.1")) {
            MemoryStore store = new MemoryStore();
            ClientOptions options = ClientOptions.builder()
                    .proxy(HttpProxy.parse(proxy.url().replace("://", "://lib:lib-pw@")))
                    .header("X-Team", "replication")
                    .build();

            ReplicationStatus status = pull(options, store);

            assertThat(status.state()).as(status.toString()).isEqualTo(ReplicationState.COMPLETED);
            assertThat(Leaves.ofStore(store.leaves())).containsExactlyElementsOf(Leaves.ofServer(db.leaves()));
            assertThat(proxy.refused()).isEmpty();
            assertThat(proxy.requests()).hasSizeGreaterThanOrEqualTo(2).allSatisfy(request -> {
                assertThat(request.target()).startsWith("http://" + HOST + ":");
                assertThat(request.header("X-Team")).hasValue("replication");
            });
            assertThat(options.toString()).doesNotContain("lib-pw");
        }
    }

    @Test
    void pullsThroughAProxyReachedOverTls() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(dir);
        try (ForwardProxy proxy = ForwardProxy.overTls(certificate.serverContext()).resolving(HOST, "127.0.0.1")) {
            MemoryStore store = new MemoryStore();
            ClientOptions options = ClientOptions.builder()
                    .proxy(HttpProxy.parse(proxy.url()))
                    .sslContext(TrustStores.trusting(certificate.pem(), null))
                    .build();

            ReplicationStatus status = pull(options, store);

            assertThat(status.state()).as(status.toString()).isEqualTo(ReplicationState.COMPLETED);
            assertThat(Leaves.ofStore(store.leaves())).containsExactlyElementsOf(Leaves.ofServer(db.leaves()));
            assertThat(proxy.requests()).isNotEmpty()
                    .allSatisfy(request -> assertThat(request.target()).startsWith("http://" + HOST + ":"));
        }
    }

    @Test
    void optionsNeverShowTheTokenOrAHeaderValue() {
        ClientOptions options = ClientOptions.builder().bearerToken(BearerToken.of("tok.en.value"))
                .header("X-Api-Key", "key-value-1").build();
        assertThat(options.toString()).contains("X-Api-Key").doesNotContain("key-value-1").doesNotContain("tok.en.value");
    }
}
