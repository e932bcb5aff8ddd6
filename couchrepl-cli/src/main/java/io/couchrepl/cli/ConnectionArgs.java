package io.couchrepl.cli;

import io.couchrepl.RetryPolicy;
import io.couchrepl.http.AuthScheme;
import io.couchrepl.http.ClientOptions;
import io.couchrepl.http.CouchUrl;
import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.http.TrustStores;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * The options of every command that talks to a CouchDB: who to be, whom to trust, how patiently to
 * retry; turned into {@link ClientOptions} for each URL. The password options serve every URL that
 * names a user without a password.
 */
final class ConnectionArgs {

    @Option(names = "--user", paramLabel = "NAME", description = "User at the database, when its URL names none.")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the password from the first line of FILE.")
    Path passwordFile;

    @Option(names = "--password-env", paramLabel = "NAME",
            description = {"Read the password from environment variable NAME. Without this, --password-file",
                "or a password in the URL, a user's password comes from " + RemoteCredentials.DEFAULT_PASSWORD_ENV + "."})
    String passwordEnv;

    @Option(names = "--auth", paramLabel = "SCHEME", defaultValue = "basic",
            description = "basic (default): the password on every request; cookie: log in once at /_session.")
    String auth;

    @Option(names = "--cacert", paramLabel = "FILE",
            description = "For https, trust the certificates in FILE (PEM, or a PKCS12 or JKS trust store)"
                    + " instead of Java's trust store.")
    Path cacert;

    @Option(names = "--cacert-password", paramLabel = "PASSWORD",
            description = "Password of the --cacert trust store, if it has one.")
    String cacertPassword;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "" + RetryPolicy.DEFAULT_RETRIES,
            description = "Retries of a request that failed in a way that passes (network, timeout, 5xx, 429)"
                    + " (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--max-retry-wait", paramLabel = "SECONDS", defaultValue = "30",
            description = "Longest wait before a retry; waits double from 0.25 s up to it (default: ${DEFAULT-VALUE}).")
    int maxRetryWait;

    /** Where passwords named by options are looked up; the process environment outside tests. */
    UnaryOperator<String> environment = System::getenv;

    /** The database at {@code url}, talked to as these options say. */
    RemoteDatabase open(CouchUrl url) {
        return RemoteDatabase.open(url, clientOptions(url));
    }

    /** How to talk to the database at {@code url}; refuses invalid values with the option's name. */
    ClientOptions clientOptions(CouchUrl url) {
        if (retries < 0 || retries > 1000) {
            throw new IllegalArgumentException("--retries must be between 0 and 1000, got " + retries);
        }
        if (maxRetryWait < 1) {
            throw new IllegalArgumentException("--max-retry-wait must be at least 1 second, got " + maxRetryWait);
        }
        ClientOptions.Builder builder = ClientOptions.builder()
                .retry(new RetryPolicy(retries, RetryPolicy.DEFAULT_INITIAL_DELAY, Duration.ofSeconds(maxRetryWait)))
                .auth(authScheme());
        RemoteCredentials.resolve(url, user, passwordEnv, passwordFile, environment).ifPresent(builder::credentials);
        if (cacert != null) {
            try {
                builder.sslContext(TrustStores.trusting(cacert, cacertPassword == null ? null : cacertPassword.toCharArray()));
            } catch (IOException e) {
                throw new IllegalArgumentException("--cacert: " + e.getMessage(), e);
            }
        } else if (cacertPassword != null) {
            throw new IllegalArgumentException("--cacert-password needs --cacert");
        }
        ClientOptions options = builder.build();
        if (options.auth() == AuthScheme.COOKIE && options.credentialsAt(url).isEmpty()) {
            throw new IllegalArgumentException("--auth cookie needs a user and password");
        }
        return options;
    }

    private AuthScheme authScheme() {
        return switch (auth.toLowerCase(Locale.ROOT)) {
            case "basic" -> AuthScheme.BASIC;
            case "cookie" -> AuthScheme.COOKIE;
            default -> throw new IllegalArgumentException("--auth must be basic or cookie, got " + auth);
        };
    }
}
