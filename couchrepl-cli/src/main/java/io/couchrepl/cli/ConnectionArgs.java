package io.couchrepl.cli;

import io.couchrepl.RetryPolicy;
import io.couchrepl.http.AuthScheme;
import io.couchrepl.http.BearerToken;
import io.couchrepl.http.ClientOptions;
import io.couchrepl.http.CouchUrl;
import io.couchrepl.http.Credentials;
import io.couchrepl.http.RemoteDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of every command that talks to a CouchDB: who to be, whom to trust, which proxy,
 * how patiently to retry; turned into {@link ClientOptions} for each URL. The password options
 * serve every URL that names a user without a password.
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

    @Option(names = "--bearer-token-file", paramLabel = "FILE",
            description = "Send Authorization: Bearer with the token on the first line of FILE (a JWT for"
                    + " CouchDB's jwt_authentication_handler), instead of a user and password.")
    Path bearerTokenFile;

    @Option(names = "--bearer-token-env", paramLabel = "NAME",
            description = "Send Authorization: Bearer with the token in environment variable NAME.")
    String bearerTokenEnv;

    @Option(names = "--header", paramLabel = "'NAME: VALUE'",
            description = "Send this header on every request (repeat for several), e.g. a gateway's key.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--proxy", paramLabel = "URL",
            description = {"Send every request through this HTTP proxy (http://[user:password@]host:port; https://"
                    + " for a proxy reached over TLS). Without it: http_proxy, https_proxy/HTTPS_PROXY,",
                "all_proxy/ALL_PROXY as curl reads them; no_proxy/NO_PROXY lists hosts reached directly."})
    String proxy;

    @Mixin
    TlsArgs tls;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "" + RetryPolicy.DEFAULT_RETRIES,
            description = "Retries of a request that failed in a way that passes (network, timeout, 5xx, 429)"
                    + " (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--max-retry-wait", paramLabel = "SECONDS", defaultValue = "30",
            description = "Longest wait before a retry; waits double from 0.25 s up to it (default: ${DEFAULT-VALUE}).")
    int maxRetryWait;

    @Option(names = "--connection-timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "How long to wait for a connection (30, 30s, 500ms, 2m; default: ${DEFAULT-VALUE}).")
    String connectionTimeout;

    @Option(names = "--request-timeout", paramLabel = "DURATION", defaultValue = "120s",
            description = "How long to wait for the start of an answer, and the longest silence inside one"
                    + " (default: ${DEFAULT-VALUE}); CouchDB's connection_timeout.")
    String requestTimeout;

    @Option(names = "--http-connections", paramLabel = "N", defaultValue = "" + ClientOptions.DEFAULT_HTTP_CONNECTIONS,
            description = "Connections open at once to each database, 2 to 1000 (default: ${DEFAULT-VALUE});"
                    + " CouchDB's http_connections.")
    int httpConnections;

    @Option(names = "--fetch-concurrency", paramLabel = "N", defaultValue = "" + ClientOptions.DEFAULT_FETCH_CONCURRENCY,
            description = "_bulk_get requests in flight at once for a batch, 1 to 64 (default: ${DEFAULT-VALUE});"
                    + " nearest to CouchDB's worker_processes.")
    int fetchConcurrency;

    /** Where passwords, tokens and proxies named by options are looked up; the process environment outside tests. */
    UnaryOperator<String> environment = System::getenv;

    /** The database at {@code url}, talked to as these options say. */
    RemoteDatabase open(CouchUrl url) {
        return RemoteDatabase.open(url, clientOptions(url));
    }

    /** The database at {@code url}, through the proxy of {@code option} ({@code --source-proxy}) when given. */
    RemoteDatabase open(CouchUrl url, String option, String proxyUrl) {
        return RemoteDatabase.open(url, clientOptions(url, option, proxyUrl));
    }

    /** How to talk to the database at {@code url}; refuses invalid values with the option's name. */
    ClientOptions clientOptions(CouchUrl url) {
        return clientOptions(url, null, null);
    }

    ClientOptions clientOptions(CouchUrl url, String proxyOption, String proxyUrl) {
        if (retries < 0 || retries > 1000) {
            throw new IllegalArgumentException("--retries must be between 0 and 1000, got " + retries);
        }
        if (maxRetryWait < 1) {
            throw new IllegalArgumentException("--max-retry-wait must be at least 1 second, got " + maxRetryWait);
        }
        ClientOptions.Builder builder = ClientOptions.builder()
                .retry(new RetryPolicy(retries, RetryPolicy.DEFAULT_INITIAL_DELAY, Duration.ofSeconds(maxRetryWait)))
                .auth(authScheme())
                .connectTimeout(Durations.parse("--connection-timeout", connectionTimeout))
                .requestTimeout(Durations.parse("--request-timeout", requestTimeout))
                .idleTimeout(Durations.parse("--request-timeout", requestTimeout))
                .httpConnections(httpConnections)
                .fetchConcurrency(fetchConcurrency);
        Optional<Credentials> credentials = RemoteCredentials.resolve(url, user, passwordEnv, passwordFile, environment);
        credentials.ifPresent(builder::credentials);
        Optional<String> token = Secrets.read("--bearer-token", null, bearerTokenFile, bearerTokenEnv, environment);
        token.ifPresent(t -> builder.bearerToken(bearerToken(t)));
        Map<String, String> extra = RequestHeaders.parse(headers);
        checkOneAuthentication(credentials.or(url::credentials).isPresent(), token.isPresent(), extra);
        extra.forEach(builder::header);
        String option = proxyUrl != null ? proxyOption : "--proxy";
        Proxies.forUrl(url, option, proxyUrl != null ? proxyUrl : proxy, environment).ifPresent(builder::proxy);
        tls.context(environment).ifPresent(builder::sslContext);
        ClientOptions options;
        try {
            options = builder.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage()
                    .replace("connectTimeout", "--connection-timeout")
                    .replace("requestTimeout", "--request-timeout")
                    .replace("httpConnections", "--http-connections")
                    .replace("fetchConcurrency", "--fetch-concurrency")
                    .replace("headers: ", "--header "), e);
        }
        if (options.auth() == AuthScheme.COOKIE && options.credentialsAt(url).isEmpty()) {
            throw new IllegalArgumentException("--auth cookie needs a user and password");
        }
        return options;
    }

    /** One way to say who the client is: a user and password, a bearer token, or an Authorization header. */
    private static void checkOneAuthentication(boolean password, boolean token, Map<String, String> headers) {
        boolean header = headers.keySet().stream().anyMatch("Authorization"::equalsIgnoreCase);
        if (password && token) {
            throw new IllegalArgumentException("a bearer token and a user with a password both authenticate: give one");
        }
        if (header && (password || token)) {
            throw new IllegalArgumentException("--header Authorization clashes with the "
                    + (token ? "bearer token" : "user and password") + " given: give one way to authenticate");
        }
    }

    private static BearerToken bearerToken(String token) {
        try {
            return BearerToken.of(token);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--bearer-token-file: " + e.getMessage(), e);
        }
    }

    private AuthScheme authScheme() {
        return switch (auth.toLowerCase(Locale.ROOT)) {
            case "basic" -> AuthScheme.BASIC;
            case "cookie" -> AuthScheme.COOKIE;
            default -> throw new IllegalArgumentException("--auth must be basic or cookie, got " + auth);
        };
    }
}
