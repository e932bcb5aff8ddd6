package io.couchrepl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.testing.ForwardProxy;
import io.couchrepl.testing.SampleDocs;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pull and push through a forward proxy that wants credentials, given by option and by the
 * environment. The database's host name resolves only at the proxy, so a request that went around
 * it would fail: the proxy saw every request. No output holds the proxy's password.
 */
class ProxyCommandTest {

    private static final String PROXIED_HOST = "couchdb.behind-proxy";
    private static final String PROXY_PASSWORD = "Proxy-Pw-7f3a91c2";

    @TempDir
    Path tmp;

    private TestDb db;
    private ForwardProxy proxy;
    private final List<CliRun> runs = new ArrayList<>();

    @BeforeEach
    void startProxy() {
        db = TestServer.shared().createDb("proxied");
        SampleDocs.fill(db, 30);
        proxy = ForwardProxy.requiring("proxyuser", PROXY_PASSWORD).resolving(PROXIED_HOST, "127.0.0.1");
    }

    @AfterEach
    void stop() {
        proxy.close();
        db.drop();
        StringBuilder everything = new StringBuilder();
        runs.forEach(run -> everything.append(run.out()).append(run.err()));
        assertThat(everything.toString()).doesNotContain(PROXY_PASSWORD);
    }

    private String proxied(TestDb database) {
        return database.url().replace("127.0.0.1", PROXIED_HOST);
    }

    private String proxyWithPassword() {
        return proxy.url().replace("://", "://proxyuser:" + PROXY_PASSWORD + "@");
    }

    private CliRun run(String... args) {
        CliRun run = CliRun.of(args);
        runs.add(run);
        return run;
    }

    @Test
    void pullsAndPushesThroughTheProxyOfTheOptionWithHeadersOnEveryRequest() {
        Path store = tmp.resolve("store.db");
        CliRun pull = run("pull", "-v", "--proxy", proxyWithPassword(), "--header", "X-Gateway-Key: gw-1",
                proxied(db), store.toString());
        assertThat(pull.exitCode()).as(pull.err()).isZero();
        assertThat(CliRun.of("dump", store.toString()).out().lines()).hasSize(db.leaves().size());

        TestDb copy = TestServer.shared().createDb("proxied-copy");
        try {
            CliRun push = run("push", "-v", "--proxy", proxyWithPassword(), "--header", "X-Gateway-Key: gw-1",
                    store.toString(), proxied(copy));
            assertThat(push.exitCode()).as(push.err()).isZero();
            assertThat(copy.leaves()).containsExactlyInAnyOrderElementsOf(db.leaves());
        } finally {
            copy.drop();
        }
        assertThat(proxy.requests()).hasSizeGreaterThan(4).allSatisfy(request -> {
            assertThat(request.target()).startsWith("http://" + PROXIED_HOST + ":");
            assertThat(request.header("X-Gateway-Key")).hasValue("gw-1");
        });
        assertThat(proxy.refused()).isEmpty();
    }

    @Test
    void pullsThroughTheProxyOfTheEnvironment() throws Exception {
        CliRun pull = CliProcess.run(Map.of("http_proxy", proxyWithPassword()), "pull", "-v", proxied(db),
                tmp.resolve("env.db").toString());
        runs.add(pull);
        assertThat(pull.exitCode()).as(pull.err()).isZero();
        assertThat(CliRun.of("dump", tmp.resolve("env.db").toString()).out().lines()).hasSize(db.leaves().size());
        assertThat(proxy.requests()).isNotEmpty()
                .allSatisfy(request -> assertThat(request.target()).startsWith("http://" + PROXIED_HOST + ":"));
    }

    @Test
    void noProxyBypassesTheProxy() throws Exception {
        CliRun pull = CliProcess.run(Map.of("http_proxy", proxyWithPassword(), "NO_PROXY", "localhost,127.0.0.1"),
                "pull", db.url(), tmp.resolve("direct.db").toString());
        runs.add(pull);
        assertThat(pull.exitCode()).as(pull.err()).isZero();
        assertThat(proxy.requests()).isEmpty();
        assertThat(proxy.refused()).isEmpty();
    }

    @Test
    void httpConnectionsCapsTheConnectionsOpenAtOnce() {
        TestDb large = TestServer.shared().createDb("proxied-large");
        try {
            SampleDocs.fill(large, 600);
            CliRun capped = run("pull", "--proxy", proxyWithPassword(), "--batch-size", "600", "--fetch-concurrency", "4",
                    "--http-connections", "2", proxied(large), tmp.resolve("capped.db").toString());
            assertThat(capped.exitCode()).as(capped.err()).isZero();
            assertThat(CliRun.of("dump", tmp.resolve("capped.db").toString()).out().lines()).hasSize(large.leaves().size());
            assertThat(proxy.mostConnectionsAtOnce()).isLessThanOrEqualTo(2);

            // Each request held 200 ms, so the four _bulk_get parts are in flight together.
            try (ForwardProxy uncapped = ForwardProxy.start().resolving(PROXIED_HOST, "127.0.0.1")
                    .delaying(Duration.ofMillis(200))) {
                CliRun free = run("pull", "--proxy", uncapped.url(), "--batch-size", "600", "--fetch-concurrency", "4",
                        proxied(large), tmp.resolve("free.db").toString());
                assertThat(free.exitCode()).as(free.err()).isZero();
                assertThat(uncapped.mostConnectionsAtOnce()).as("four _bulk_get parts at once").isGreaterThan(2);
            }
        } finally {
            large.drop();
        }
    }

    @Test
    void aWrongProxyPasswordIsRefusedOnceWithOneLine() {
        CliRun pull = run("pull", "--proxy", proxy.url().replace("://", "://proxyuser:" + PROXY_PASSWORD + "x@"),
                proxied(db), tmp.resolve("refused.db").toString());
        assertThat(pull.exitCode()).isEqualTo(ExitCodes.SOURCE_REFUSED);
        assertThat(pull.err().lines()).hasSize(1);
        assertThat(pull.err()).startsWith("couchrepl: the proxy refused GET http://" + PROXIED_HOST)
                .contains("407", "give the proxy's user and password in its URL");
        assertThat(proxy.refused()).hasSize(1);
    }

    @Test
    void aProxyThatIsNotThereIsNamedWithoutItsPassword() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        CliRun pull = run("pull", "--retries", "0", "--proxy", "http://proxyuser:" + PROXY_PASSWORD + "@127.0.0.1:" + closed,
                db.url(), tmp.resolve("no-proxy-there.db").toString());

        assertThat(pull.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(pull.err().lines()).hasSize(1);
        assertThat(pull.err()).contains("cannot connect to the proxy http://127.0.0.1:" + closed + " (connection refused)")
                .doesNotContain(PROXY_PASSWORD);
        assertThat(tmp.resolve("no-proxy-there.db")).doesNotExist();
    }
}
