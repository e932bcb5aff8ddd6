package io.couchrepl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.couchrepl.testing.SampleDocs;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull with a bearer token from a file, against a CouchDB 3.5.0 started with
 * {@code jwt_authentication_handler} and an HMAC key; a token signed with another key is refused
 * with exit 3, and no output holds either token.
 */
class BearerTokenCommandTest {

    private static final byte[] KEY = "couchrepl-test-hmac-key-6d1f0b9e2a".getBytes(StandardCharsets.UTF_8);
    private static TestServer server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startCouchDbWithJwt() {
        server = TestServer.startNewCouchDb("""
                [chttpd]
                authentication_handlers = {chttpd_auth, jwt_authentication_handler}, {chttpd_auth, cookie_authentication_handler}, {chttpd_auth, default_authentication_handler}

                [jwt_keys]
                hmac:_default = %s
                """.formatted(Base64.getEncoder().encodeToString(KEY)));
        assumeTrue(server != null, "needs a CouchDB started here, not COUCHDB_URL");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** An HS256 JWT for the admin, as CouchDB's jwt_authentication_handler reads it. */
    private static String token(byte[] key) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        long exp = System.currentTimeMillis() / 1000 + 3600;
        String payload = b64.encodeToString(("{\"sub\":\"admin\",\"_couchdb.roles\":[\"_admin\"],\"exp\":" + exp + "}")
                .getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String signature = b64.encodeToString(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
        return header + "." + payload + "." + signature;
    }

    @Test
    void pullsWithTheRightTokenAndIsRefusedWithAWrongOne() throws Exception {
        TestDb db = server.createDb("jwt");
        SampleDocs.fill(db, 25);
        String url = db.urlWithoutCredentials();
        String right = token(KEY);
        String wrong = token("another-key-entirely-0000000000000".getBytes(StandardCharsets.UTF_8));
        Path rightFile = Files.writeString(tmp.resolve("token"), right + "\n");
        Path wrongFile = Files.writeString(tmp.resolve("wrong-token"), wrong + "\n");

        CliRun pull = CliRun.of("pull", "-v", "--bearer-token-file", rightFile.toString(), url,
                tmp.resolve("ok.db").toString());
        assertThat(pull.exitCode()).as(pull.err()).isZero();
        assertThat(CliRun.of("dump", tmp.resolve("ok.db").toString()).out().lines()).hasSize(db.leaves().size());

        CliRun refused = CliRun.of("pull", "-v", "--bearer-token-file", wrongFile.toString(), url,
                tmp.resolve("refused.db").toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.SOURCE_REFUSED);
        String lastLine = refused.err().lines().reduce((a, b) -> b).orElse("");
        assertThat(lastLine).startsWith("couchrepl: " + url).contains(" refused the bearer token (400 bad_request")
                .contains("--bearer-token-file");
        assertThat(refused.err()).doesNotContain("retrying in");
        assertThat(Files.exists(tmp.resolve("refused.db"))).as("no store for a refused source").isFalse();

        CliRun clash = CliRun.of("pull", "--bearer-token-file", rightFile.toString(), "--header",
                "Authorization: Basic eDp5", url, tmp.resolve("clash.db").toString());
        assertThat(clash.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(clash.err()).isEqualTo("couchrepl: --header Authorization clashes with the bearer token given:"
                + " give one way to authenticate" + System.lineSeparator());

        String everything = pull.out() + pull.err() + refused.out() + refused.err() + clash.out() + clash.err();
        assertThat(everything).doesNotContain(right).doesNotContain(wrong)
                .doesNotContain(right.substring(right.lastIndexOf('.') + 1));
    }
}
