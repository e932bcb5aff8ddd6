package io.couchrepl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.couchrepl.ReplicationOptions;
import io.couchrepl.http.ClientOptions;
import io.couchrepl.http.CouchUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Connection options and the remaining knobs become options without touching the network. */
class ConnectionOptionsTest {

    @TempDir
    Path tmp;

    private static PullCommand parse(String... args) {
        PullCommand command = new PullCommand();
        new CommandLine(command).parseArgs(args);
        command.connection.environment = Map.of("TOKEN", "abc.def.ghi", "PW", "from-env")::get;
        return command;
    }

    private static ClientOptions client(String... args) {
        PullCommand command = parse(args);
        return command.connection.clientOptions(CouchUrl.parse(command.source));
    }

    @Test
    void knobsHaveCouchDbsDefaults() {
        ClientOptions options = client("http://h:1/db", "s.db");
        assertThat(options.httpConnections()).isEqualTo(20);
        assertThat(options.fetchConcurrency()).isEqualTo(4);
        assertThat(options.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.requestTimeout()).isEqualTo(Duration.ofSeconds(120));
        ReplicationOptions replication = parse("http://h:1/db", "s.db").options();
        assertThat(replication.checkpointInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(replication.heartbeat()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void takesEveryKnob() {
        PullCommand command = parse("--http-connections", "8", "--fetch-concurrency", "2", "--connection-timeout",
                "500ms", "--request-timeout", "2m", "--checkpoint-interval", "30", "--heartbeat", "15s",
                "http://h:1/db", "s.db");
        ClientOptions options = command.connection.clientOptions(CouchUrl.parse(command.source));
        assertThat(options.httpConnections()).isEqualTo(8);
        assertThat(options.fetchConcurrency()).isEqualTo(2);
        assertThat(options.connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.requestTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(command.options().checkpointInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(command.options().heartbeat()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void syncTakesTheCheckpointIntervalAndHeartbeatToo() {
        SyncCommand sync = new SyncCommand();
        new CommandLine(sync).parseArgs("--checkpoint-interval", "1m", "--heartbeat", "500ms", "s.db", "http://h:1/db");
        assertThat(sync.options().checkpointInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(sync.options().heartbeat()).isEqualTo(Duration.ofMillis(500));
        SyncCommand bad = new SyncCommand();
        new CommandLine(bad).parseArgs("--heartbeat", "99ms", "s.db", "http://h:1/db");
        assertThatThrownBy(bad::options).hasMessage("--heartbeat must be at least 100 ms, got 99 ms");
    }

    @Test
    void refusesBadKnobsNamingTheOption() {
        assertThatThrownBy(() -> client("--http-connections", "1", "http://h:1/db", "s.db"))
                .hasMessageStartingWith("--http-connections must be between 2 and 1000");
        assertThatThrownBy(() -> client("--fetch-concurrency", "0", "http://h:1/db", "s.db"))
                .hasMessage("--fetch-concurrency must be between 1 and 64, got 0");
        assertThatThrownBy(() -> client("--connection-timeout", "soon", "http://h:1/db", "s.db"))
                .hasMessage("--connection-timeout must be a duration such as 30, 30s, 500ms or 2m, got \"soon\"");
        assertThatThrownBy(() -> client("--request-timeout", "0", "http://h:1/db", "s.db"))
                .hasMessage("--request-timeout must be at least 1 ms, got 0 ms");
        assertThatThrownBy(() -> parse("--heartbeat", "50ms", "http://h:1/db", "s.db").options())
                .hasMessage("--heartbeat must be at least 100 ms, got 50 ms");
        assertThatThrownBy(() -> parse("--checkpoint-interval", "-1", "http://h:1/db", "s.db").options())
                .hasMessageStartingWith("--checkpoint-interval must be a duration");
    }

    @Test
    void takesHeadersAndRefusesMalformedOnesWithoutShowingThem() {
        ClientOptions options = client("--header", "X-Api-Key: k1", "--header", "X-Team:ops", "http://h:1/db", "s.db");
        assertThat(options.headers()).containsExactly(Map.entry("X-Api-Key", "k1"), Map.entry("X-Team", "ops"));
        assertThatThrownBy(() -> client("--header", "X-Api-Key secret-value", "http://h:1/db", "s.db"))
                .hasMessage("--header must be \"Name: value\" with a name of letters, digits and -, got something"
                        + " else in --header number 1")
                .message().doesNotContain("secret-value");
        assertThatThrownBy(() -> client("--header", "Host: elsewhere", "http://h:1/db", "s.db"))
                .hasMessage("--header Host is set by the client itself");
        assertThatThrownBy(() -> client("--header", "X-A: 1", "--header", "x-a: 2", "http://h:1/db", "s.db"))
                .hasMessage("--header x-a is given twice");
    }

    @Test
    void refusesTwoWaysToAuthenticate() throws Exception {
        Path token = Files.writeString(tmp.resolve("token"), "abc.def.ghi\n");
        assertThatThrownBy(() -> client("--header", "Authorization: Basic eA==", "http://u:p@h:1/db", "s.db"))
                .hasMessage("--header Authorization clashes with the user and password given: give one way to authenticate");
        assertThatThrownBy(() -> client("--header", "authorization: x", "--bearer-token-file", token.toString(),
                "http://h:1/db", "s.db"))
                .hasMessage("--header Authorization clashes with the bearer token given: give one way to authenticate");
        assertThatThrownBy(() -> client("--bearer-token-file", token.toString(), "http://u:p@h:1/db", "s.db"))
                .hasMessage("a bearer token and a user with a password both authenticate: give one");
    }

    @Test
    void readsTheTokenFromAFileOrTheEnvironmentButNotBoth() throws Exception {
        Path token = Files.writeString(tmp.resolve("token"), "abc.def.ghi\n");
        assertThat(client("--bearer-token-file", token.toString(), "http://h:1/db", "s.db").bearerToken()).isPresent();
        assertThat(client("--bearer-token-env", "TOKEN", "http://h:1/db", "s.db").bearerToken()).isPresent();
        assertThatThrownBy(() -> client("--bearer-token-env", "NOPE", "http://h:1/db", "s.db"))
                .hasMessage("--bearer-token-env names NOPE, which is not set");
        assertThatThrownBy(() -> client("--bearer-token-file", token.toString(), "--bearer-token-env", "TOKEN",
                "http://h:1/db", "s.db"))
                .hasMessageStartingWith("give --bearer-token once");
    }

    @Test
    void readsTheTrustStorePasswordFromAFileOrTheEnvironment() throws Exception {
        Path missing = tmp.resolve("missing.p12");
        Path pw = Files.writeString(tmp.resolve("pw"), "from-file\n");
        assertThatThrownBy(() -> client("--cacert-password-env", "PW", "http://h:1/db", "s.db"))
                .hasMessage("--cacert-password needs --cacert");
        assertThatThrownBy(() -> client("--cacert", missing.toString(), "--cacert-password-file", pw.toString(),
                "--cacert-password", "visible", "http://h:1/db", "s.db"))
                .hasMessageStartingWith("give --cacert-password once");
        assertThatThrownBy(() -> client("--cacert", missing.toString(), "--cacert-password-file", pw.toString(),
                "http://h:1/db", "s.db"))
                .hasMessageStartingWith("--cacert: cannot read trust file");
        assertThatThrownBy(() -> client("--client-key", missing.toString(), "http://h:1/db", "s.db"))
                .hasMessage("--client-key needs --client-cert");
        assertThatThrownBy(() -> client("--client-cert", missing.toString(), "http://h:1/db", "s.db"))
                .hasMessageStartingWith("--client-cert: cannot read client certificate");
    }
}
