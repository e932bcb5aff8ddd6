package io.couchrepl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.couchrepl.http.ClientOptions;
import io.couchrepl.http.CouchUrl;
import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.http.TrustStores;
import io.couchrepl.http.UntrustedServerException;
import io.couchrepl.memory.MemoryStore;
import io.couchrepl.testing.FaultProxy;
import io.couchrepl.testing.SelfSignedCertificate;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code https} through a TLS-terminating proxy with a certificate made at test time: trusted when its
 * certificate is given (PEM or a PKCS12 trust store), refused at once and clearly when it is not.
 */
class TlsTest {

    @TempDir
    static Path dir;

    private static SelfSignedCertificate certificate;
    private static TestDb db;
    private static FaultProxy proxy;

    @BeforeAll
    static void startTlsProxy() {
        certificate = SelfSignedCertificate.create(dir);
        db = TestServer.shared().createDb("tls");
        db.put("secret-doc", "{\"v\":1}");
        proxy = FaultProxy.tls(db.server(), certificate.serverContext());
    }

    @AfterAll
    static void stop() {
        proxy.close();
        db.drop();
    }

    private static ReplicationStatus pull(ClientOptions options, MemoryStore store) throws Exception {
        assertThat(proxy.urlOf(db)).startsWith("https://");
        try (RemoteDatabase source = RemoteDatabase.open(CouchUrl.parse(proxy.urlOf(db)), options)) {
            return Replicator.create(source, store, ReplicationOptions.defaults()).run();
        }
    }

    @Test
    void pullsOverHttpsTrustingAPemCertificate() throws Exception {
        SSLContext trust = TrustStores.trusting(certificate.pem(), null);
        MemoryStore store = new MemoryStore();

        ReplicationStatus status = pull(ClientOptions.builder().sslContext(trust).build(), store);

        assertThat(status.state()).isEqualTo(ReplicationState.COMPLETED);
        assertThat(Leaves.ofStore(store.leaves())).containsExactlyElementsOf(Leaves.ofServer(db.leaves()));
    }

    @Test
    void pullsOverHttpsTrustingAPkcs12TrustStore() throws Exception {
        SSLContext trust = TrustStores.trusting(certificate.trustStore(), SelfSignedCertificate.PASSWORD.toCharArray());
        MemoryStore store = new MemoryStore();

        ReplicationStatus status = pull(ClientOptions.builder().sslContext(trust).build(), store);

        assertThat(status.state()).isEqualTo(ReplicationState.COMPLETED);
        assertThat(store.winner("secret-doc")).isPresent();
    }

    @Test
    void anUntrustedCertificateFailsAtOnceWithoutRetrying() throws Exception {
        int before = proxy.exchanges().size();
        long started = System.nanoTime();

        ReplicationStatus status = pull(ClientOptions.builder().retry(RetryPolicy.defaults()).build(), new MemoryStore());

        assertThat(status.state()).isEqualTo(ReplicationState.FAILED);
        assertThat(status.error().orElseThrow()).hasCauseInstanceOf(UntrustedServerException.class)
                .hasMessageContaining("the server's certificate is not trusted");
        assertThat(proxy.exchanges()).hasSize(before); // no request got through the handshake
        assertThat(System.nanoTime() - started).as("no retries waited").isLessThan(3_000_000_000L);
    }

    @Test
    void aTrustFileThatIsNeitherPemNorATrustStoreIsRefusedNamingIt() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");

        assertThatThrownBy(() -> TrustStores.trusting(junk, null))
                .hasMessageStartingWith("cannot use trust file " + junk);
        assertThatThrownBy(() -> TrustStores.trusting(dir.resolve("missing.pem"), null))
                .hasMessage("cannot read trust file " + dir.resolve("missing.pem") + " (no such file)");
    }
}
