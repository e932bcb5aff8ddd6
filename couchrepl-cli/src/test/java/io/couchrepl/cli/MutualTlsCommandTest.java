package io.couchrepl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.couchrepl.testing.ForwardProxy;
import io.couchrepl.testing.SampleDocs;
import io.couchrepl.testing.TestCertificates;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS against CouchDB 3.5.0's own TLS listener, which requires a client certificate its CA
 * signed ({@code verify_ssl_certificates}, {@code fail_if_no_peer_cert}): a pull with a PEM
 * certificate and encrypted key, with a PKCS12 file, and through a proxy's CONNECT tunnel; without a
 * certificate, one line, exit 3, no retry. No output holds the key's password or the proxy's.
 */
class MutualTlsCommandTest {

    private static final String PROXY_PASSWORD = "Tunnel-Pw-93be0d11";

    @TempDir
    static Path certificates;

    @TempDir
    Path tmp;

    private static TestServer server;
    private static TestCertificates certs;
    private static int tlsPort;

    @BeforeAll
    static void startCouchDbRequiringClientCertificates() {
        assumeTrue(TestCertificates.available(), "needs openssl to make the test certificates");
        certs = TestCertificates.create(certificates);
        tlsPort = TestServer.freePort();
        server = TestServer.startNewCouchDb("""
                [ssl]
                enable = true
                port = %d
                cert_file = %s
                key_file = %s
                cacert_file = %s
                verify_ssl_certificates = true
                fail_if_no_peer_cert = true
                """.formatted(tlsPort, certs.serverPem(), certs.serverKey(), certs.caPem()));
        assumeTrue(server != null, "needs a CouchDB started here, not COUCHDB_URL");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void pullsWithAClientCertificateAndIsRefusedWithoutOne() throws Exception {
        TestDb db = server.createDb("mtls");
        SampleDocs.fill(db, 20);
        String url = "https://admin:secret@127.0.0.1:" + tlsPort + "/" + db.name();
        String cacert = certs.caPem().toString();
        Path passwordFile = Files.writeString(tmp.resolve("key-password"), TestCertificates.PASSWORD + "\n");
        List<CliRun> runs = new ArrayList<>();

        CliRun pem = CliProcess.run(Map.of("KEY_PASSWORD", TestCertificates.PASSWORD), "pull", "-v", "--cacert", cacert,
                "--client-cert", certs.clientPem().toString(), "--client-key", certs.clientEncryptedKey().toString(),
                "--client-cert-password-env", "KEY_PASSWORD", url, tmp.resolve("pem.db").toString());
        runs.add(pem);
        assertThat(pem.exitCode()).as(pem.err()).isZero();
        assertThat(CliRun.of("dump", tmp.resolve("pem.db").toString()).out().lines()).hasSize(db.leaves().size());

        CliRun pkcs12 = CliRun.of("pull", "-v", "--cacert", cacert, "--client-cert", certs.clientP12().toString(),
                "--client-cert-password-file", passwordFile.toString(), url, tmp.resolve("p12.db").toString());
        runs.add(pkcs12);
        assertThat(pkcs12.exitCode()).as(pkcs12.err()).isZero();

        try (ForwardProxy proxy = ForwardProxy.requiring("tunnel", PROXY_PASSWORD)) {
            CliRun tunnelled = CliProcess.run(
                    Map.of("HTTPS_PROXY", proxy.url().replace("://", "://tunnel:" + PROXY_PASSWORD + "@")),
                    "pull", "-v", "--cacert", cacert, "--client-cert", certs.clientPem().toString(), "--client-key",
                    certs.clientKey().toString(), url, tmp.resolve("tunnel.db").toString());
            runs.add(tunnelled);
            assertThat(tunnelled.exitCode()).as(tunnelled.err()).isZero();
            assertThat(proxy.requests()).isNotEmpty().allSatisfy(request -> {
                assertThat(request.method()).isEqualTo("CONNECT");
                assertThat(request.target()).isEqualTo("127.0.0.1:" + tlsPort);
            });
            CliRun refusedTunnel = CliRun.of("pull", "--proxy", proxy.url(), "--cacert", cacert, "--client-cert",
                    certs.clientPem().toString(), "--client-key", certs.clientKey().toString(), url,
                    tmp.resolve("no-tunnel.db").toString());
            runs.add(refusedTunnel);
            assertThat(refusedTunnel.exitCode()).isEqualTo(ExitCodes.SOURCE_REFUSED);
            assertThat(refusedTunnel.err()).startsWith("couchrepl: the proxy " + proxy.url() + " refused a tunnel to 127.0.0.1:" + tlsPort + " (407")
                    .contains("give the proxy's user and password in its URL");
            assertThat(refusedTunnel.err().lines()).hasSize(1);
        }

        CliRun without = CliRun.of("pull", "-v", "--cacert", cacert, url, tmp.resolve("none.db").toString());
        runs.add(without);
        assertThat(without.exitCode()).isEqualTo(ExitCodes.SOURCE_REFUSED);
        String lastLine = without.err().lines().reduce((a, b) -> b).orElse("");
        assertThat(lastLine).startsWith("couchrepl: GET https://127.0.0.1:" + tlsPort)
                .contains("the server refused the TLS handshake", "--client-cert");
        assertThat(without.err()).as("a refused handshake is not retried").doesNotContain("retrying in");

        StringBuilder everything = new StringBuilder();
        runs.forEach(run -> everything.append(run.out()).append(run.err()));
        assertThat(everything.toString()).doesNotContain(TestCertificates.PASSWORD).doesNotContain(PROXY_PASSWORD)
                .doesNotContain("secret@");
    }
}
