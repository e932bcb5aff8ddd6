package io.couchrepl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.couchrepl.testing.Fault;
import io.couchrepl.testing.FaultPlan;
import io.couchrepl.testing.FaultProxy;
import io.couchrepl.testing.SampleDocs;
import io.couchrepl.testing.ServerKind;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A password given in the URL, a variable or a file, with basic or cookie authentication, through
 * retried faults, a refusal and an outage, all logged with {@code -v}: no output, log line, status,
 * replication id or store file holds it.
 */
class CredentialsLeakTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private TestDb db;
    private String user;
    private String password;

    @BeforeEach
    void createUserAndDatabase() {
        assumeTrue(TestServer.shared().kind() == ServerKind.COUCHDB, "PouchDB Server runs without users");
        TestServer server = TestServer.shared();
        user = "leak-" + UUID.randomUUID().toString().substring(0, 8);
        password = "Pw" + UUID.randomUUID().toString().replace("-", "");
        assertThat(server.request("PUT", "/_users/org.couchdb.user:" + user, "{\"name\":\"" + user + "\",\"password\":\""
                + password + "\",\"roles\":[],\"type\":\"user\"}").status()).isEqualTo(201);
        db = server.createDb("leak");
        SampleDocs.fill(db, 40);
        assertThat(db.request("PUT", "/_security", "{\"members\":{\"names\":[\"" + user + "\"],\"roles\":[]}}").status())
                .isEqualTo(200);
    }

    @AfterEach
    void dropUserAndDatabase() throws Exception {
        if (db == null) {
            return;
        }
        db.drop();
        String path = "/_users/org.couchdb.user:" + user;
        String rev = JSON.readTree(TestServer.shared().request("GET", path, null).body()).path("_rev").asText();
        TestServer.shared().request("DELETE", path + "?rev=" + rev, null);
    }

    @Test
    void noOutputLogStatusIdOrStoreHoldsThePassword() throws Exception {
        Path store = tmp.resolve("store.db");
        Path passwordFile = Files.writeString(tmp.resolve("password"), password + "\n");
        String wrong = "Wrong" + UUID.randomUUID().toString().replace("-", "");
        List<CliRun> runs = new ArrayList<>();
        try (FaultProxy proxy = FaultProxy.in(db.server()).plan(FaultPlan.random(7L, 0.3,
                List.of(Fault.status(503), Fault.status(429), Fault.drop(), Fault.reset(), Fault.truncate()),
                FaultPlan.anyRequest()))) {
            String withPassword = proxy.url().replace("://", "://" + user + ":" + password + "@") + "/" + db.name();
            String withUser = proxy.url().replace("://", "://" + user + "@") + "/" + db.name();
            String patient = "--retries=10";
            String quick = "--max-retry-wait=1";

            runs.add(CliProcess.run("pull", "-v", patient, quick, "--batch-size", "7", withPassword, store.toString()));
            db.put("second", "{}");
            runs.add(CliProcess.run(Map.of(RemoteCredentials.DEFAULT_PASSWORD_ENV, password),
                    "pull", "-v", patient, quick, "--auth", "cookie", withUser, store.toString()));
            db.put("third", "{}");
            runs.add(CliProcess.run("pull", "-v", patient, quick, "--password-file", passwordFile.toString(), withUser,
                    store.toString()));
            proxy.plan(FaultPlan.none());
            CliRun refused = CliProcess.run("pull", "-v", withPassword.replace(password, wrong),
                    tmp.resolve("refused.db").toString());
            proxy.down();
            CliRun unreachable = CliProcess.run("pull", "-v", "--retries=1", quick, withPassword,
                    tmp.resolve("down.db").toString());

            for (CliRun run : runs) {
                assertThat(run.exitCode()).as(run.err()).isZero();
            }
            assertThat(runs.get(0).err()).as("the faults were retried, and logged").contains("retrying in");
            List<String> ids = new ArrayList<>();
            for (CliRun run : runs) {
                ids.add(JSON.readTree(run.out()).path("replication_id").asText());
            }
            assertThat(ids).as("one replication id, however the password came").containsOnly(ids.get(0));
            assertThat(refused.exitCode()).isEqualTo(ExitCodes.SOURCE_REFUSED);
            assertThat(unreachable.exitCode()).isEqualTo(ExitCodes.FAILED);
            runs.add(refused);
            runs.add(unreachable);
        }
        assertThat(CliRun.of("dump", store.toString()).out().lines()).hasSize(db.leaves().size());

        StringBuilder everything = new StringBuilder();
        for (CliRun run : runs) {
            everything.append(run.out()).append(run.err());
        }
        try (Stream<Path> files = Files.list(tmp)) {
            for (Path file : files.filter(f -> f.getFileName().toString().contains(".db")).toList()) {
                everything.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        assertThat(everything.toString())
                .contains("DEBUG", "retrying in", "refused the credentials", "gave up after 2 attempts")
                .doesNotContain(password)
                .doesNotContain(wrong)
                .doesNotContain(basic)
                .doesNotContain("AuthSession=");
    }
}
