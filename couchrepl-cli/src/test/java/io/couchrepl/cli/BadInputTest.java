package io.couchrepl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.testing.FaultProxy;
import io.couchrepl.testing.SampleDocs;
import io.couchrepl.testing.SelfSignedCertificate;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user can get wrong, each answered by one line on stderr starting {@code couchrepl:} and its
 * exit code (see also {@link PullCommandTest} for missing databases, refused credentials, unreachable
 * servers and unusable store paths).
 */
class BadInputTest {

    @TempDir
    Path tmp;

    private TestDb db;

    @BeforeEach
    void createDatabase() {
        db = TestServer.shared().createDb("bad-input");
        db.put("x", "{}");
    }

    @AfterEach
    void dropDatabase() {
        db.drop();
    }

    private static void assertOneLine(CliRun run, int exitCode, String start) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
        assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
        assertThat(run.err()).startsWith("couchrepl: " + start);
    }

    @Test
    void aDamagedStoreFileIsOneLineAndExitCode4() throws Exception {
        SampleDocs.fill(db, 600);
        Path store = tmp.resolve("damaged.db");
        assertThat(CliRun.of("pull", db.url(), store.toString()).exitCode()).isZero();
        // Scribble over every page after the first (which holds the header and the schema).
        byte[] scribble = new byte[1000];
        for (int i = 0; i < scribble.length; i++) {
            scribble[i] = (byte) (i % 2 == 0 ? 0xde : 0xad);
        }
        try (RandomAccessFile file = new RandomAccessFile(store.toFile(), "rw")) {
            for (long page = 1; page * 4096 < file.length(); page++) {
                file.seek(page * 4096 + 100);
                file.write(scribble);
            }
        }
        db.put("later", "{}");

        CliRun pull = CliRun.of("pull", db.url(), store.toString());
        CliRun dump = CliRun.of("dump", store.toString());

        assertOneLine(pull, ExitCodes.STORE_UNUSABLE, "store " + store);
        assertThat(pull.err()).contains("the store file is damaged");
        assertOneLine(dump, ExitCodes.STORE_UNUSABLE, "store " + store);
    }

    @Test
    void anUnknownHostIsOneLineAndExitCode1() {
        CliRun run = CliRun.of("pull", "--retries", "0", "http://no-such-host.invalid:5984/db", tmp.resolve("s.db").toString());

        assertOneLine(run, ExitCodes.FAILED, "GET http://no-such-host.invalid:5984/db/: unknown host no-such-host.invalid");
        assertThat(Files.exists(tmp.resolve("s.db"))).isFalse();
    }

    @Test
    void aMissingPasswordFileOrVariableIsOneLineAndExitCode2() {
        Path missing = tmp.resolve("no-such-file");
        String unset = "COUCHREPL_TEST_UNSET_" + UUID.randomUUID().toString().replace("-", "");

        assertOneLine(CliRun.of("pull", "--password-file", missing.toString(), "http://bob@127.0.0.1:1/db", "s.db"),
                ExitCodes.USAGE, "cannot read password file " + missing + " (no such file)");
        assertOneLine(CliRun.of("pull", "--password-env", unset, "http://bob@127.0.0.1:1/db", "s.db"),
                ExitCodes.USAGE, "--password-env names " + unset + ", which is not set");
        assertOneLine(CliRun.of("pull", "--auth", "kerberos", "http://127.0.0.1:1/db", "s.db"),
                ExitCodes.USAGE, "--auth must be basic or cookie, got kerberos");
    }

    @Test
    void anUntrustedHttpsServerIsOneLineNamingTheCureAndATrustedOnePulls() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(tmp);
        try (FaultProxy tls = FaultProxy.tls(db.server(), certificate.serverContext())) {
            CliRun untrusted = CliRun.of("pull", tls.urlOf(db), tmp.resolve("u.db").toString());
            CliRun trusted = CliRun.of("pull", "--cacert", certificate.pem().toString(), tls.urlOf(db),
                    tmp.resolve("t.db").toString());

            assertOneLine(untrusted, ExitCodes.FAILED, "GET https://127.0.0.1:");
            assertThat(untrusted.err()).contains("the server's certificate is not trusted").contains("--cacert FILE");
            assertThat(Files.exists(tmp.resolve("u.db"))).isFalse();
            assertThat(trusted.exitCode()).as(trusted.err()).isZero();
            assertThat(trusted.out()).contains("\"docs_written\":1");
        }
    }

    @Test
    void aTrustFileThatCannotBeReadIsOneLineAndExitCode2() throws Exception {
        Path junk = Files.writeString(tmp.resolve("ca.pem"), "not a certificate");

        CliRun run = CliRun.of("pull", "--cacert", junk.toString(), "https://127.0.0.1:1/db", "s.db");

        assertOneLine(run, ExitCodes.USAGE, "--cacert: cannot use trust file " + junk);
    }
}
