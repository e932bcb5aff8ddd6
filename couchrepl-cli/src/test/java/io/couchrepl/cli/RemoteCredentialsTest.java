package io.couchrepl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.couchrepl.http.ClientOptions;
import io.couchrepl.http.CouchUrl;
import io.couchrepl.http.Credentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the source's user and password come from, and the one-line refusals of ambiguous or missing ones. */
class RemoteCredentialsTest {

    @TempDir
    Path tmp;

    private static UnaryOperator<String> env(Map<String, String> variables) {
        return variables::get;
    }

    private static Optional<Credentials> resolve(String url, String user, String passwordEnv, Path passwordFile,
            Map<String, String> variables) {
        return RemoteCredentials.resolve(CouchUrl.parse(url), user, passwordEnv, passwordFile, env(variables));
    }

    @Test
    void leavesAUrlsOwnUserAndPasswordToTheUrl() {
        assertThat(resolve("http://bob:pw@h:1/db", null, null, null, Map.of())).isEmpty();
        assertThat(ClientOptions.defaults().credentialsAt(CouchUrl.parse("http://bob:pw@h:1/db")))
                .contains(Credentials.of("bob", "pw"));
    }

    @Test
    void takesThePasswordOfAUrlUserFromTheFirstLineOfAFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("pw"), "s3cret with spaces\r\nsecond line\n");

        assertThat(resolve("http://bob@h:1/db", null, null, file, Map.of()))
                .contains(Credentials.of("bob", "s3cret with spaces"));
    }

    @Test
    void takesThePasswordFromANamedVariableOrTheDefaultOne() {
        assertThat(resolve("http://h:1/db", "bob", "MY_PW", null, Map.of("MY_PW", "from-env")))
                .contains(Credentials.of("bob", "from-env"));
        assertThat(resolve("http://bob@h:1/db", null, null, null, Map.of(RemoteCredentials.DEFAULT_PASSWORD_ENV, "dflt")))
                .contains(Credentials.of("bob", "dflt"));
    }

    @Test
    void noUserMeansNoCredentialsEvenWithTheDefaultVariableSet() {
        assertThat(resolve("http://h:1/db", null, null, null, Map.of(RemoteCredentials.DEFAULT_PASSWORD_ENV, "x")))
                .isEmpty();
    }

    @Test
    void refusesAmbiguousOrMissingPasswordsWithoutRepeatingOne() throws Exception {
        Path file = Files.writeString(tmp.resolve("pw"), "filepw\n");
        assertThatThrownBy(() -> resolve("http://bob:urlpw@h:1/db", null, null, file, Map.of()))
                .hasMessage("the password is given twice: in the URL and with --password-file")
                .hasMessageNotContaining("urlpw");
        assertThatThrownBy(() -> resolve("http://bob@h:1/db", null, "MY_PW", file, Map.of("MY_PW", "x")))
                .hasMessage("give the password once: --password-env or --password-file, not both");
        assertThatThrownBy(() -> resolve("http://bob@h:1/db", "alice", null, null, Map.of()))
                .hasMessage("the user is given twice: in the URL and with --user");
        assertThatThrownBy(() -> resolve("http://h:1/db", null, null, file, Map.of()))
                .hasMessageStartingWith("--password-file gives a password but no user");
        assertThatThrownBy(() -> resolve("http://bob@h:1/db", null, "MY_PW", null, Map.of()))
                .hasMessage("--password-env names MY_PW, which is not set");
        assertThatThrownBy(() -> resolve("http://bob@h:1/db", null, null, null, Map.of()))
                .hasMessage("no password for user bob: give it with --password-file FILE, --password-env NAME or "
                        + RemoteCredentials.DEFAULT_PASSWORD_ENV);
        assertThatThrownBy(() -> resolve("http://bob@h:1/db", null, null, tmp.resolve("missing"), Map.of()))
                .hasMessage("cannot read password file " + tmp.resolve("missing") + " (no such file)");
        Path empty = Files.writeString(tmp.resolve("empty"), "\n");
        assertThatThrownBy(() -> resolve("http://bob@h:1/db", null, null, empty, Map.of()))
                .hasMessage("password file " + empty + " is empty");
    }
}
