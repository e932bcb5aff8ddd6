package io.couchrepl.http;

import io.couchrepl.RetryPolicy;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * How the HTTP edge talks to a CouchDB server: retries, timeouts, who to be and whom to trust.
 * Built and validated once; an invalid value is refused with the option's name.
 *
 * @param retry          retries of a request that failed in a way that passes (network errors,
 *                       timeouts, 5xx, 429); 400, 401, 403 and 404 are never retried
 * @param connectTimeout how long to wait for a connection
 * @param requestTimeout how long to wait for the status line and headers of an answer
 * @param idleTimeout    how long an answer may send nothing at all before it counts as stalled
 *                       (a waiting feed also gets three heartbeat intervals)
 * @param credentials    user and password, used instead of any in the URL
 * @param auth           basic authentication on every request, or a {@code _session} cookie
 * @param sslContext     whom to trust for {@code https}, and the client certificate to show a server
 *                       that asks for one ({@link ClientCertificates}); the JDK's trust store when empty
 * @param proxy          the HTTP proxy every request goes through; none when empty
 * @param headers        headers sent on every request besides the protocol's own (a gateway's key);
 *                       names checked as HTTP tokens, values as one line
 * @param bearerToken    {@code Authorization: Bearer} on every request, instead of a user and password
 * @param httpConnections how many connections to the server may be open at once (CouchDB's
 *                       replicator: {@code http_connections}, default 20)
 * @param fetchConcurrency how many {@code _bulk_get} requests for one batch may be in flight at once
 *                       (nearest in CouchDB's replicator: {@code worker_processes}, default 4)
 */
public record ClientOptions(
        RetryPolicy retry,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration idleTimeout,
        Optional<Credentials> credentials,
        AuthScheme auth,
        Optional<SSLContext> sslContext,
        Optional<HttpProxy> proxy,
        Map<String, String> headers,
        Optional<BearerToken> bearerToken,
        int httpConnections,
        int fetchConcurrency) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(120);
    /** CouchDB's replicator's default {@code http_connections}. */
    public static final int DEFAULT_HTTP_CONNECTIONS = 20;
    public static final int DEFAULT_FETCH_CONCURRENCY = 4;

    /** Headers the client itself writes, from the request and its body: not to be given twice. */
    private static final Set<String> OWN_HEADERS = Set.of("host", "content-length", "transfer-encoding",
            "connection", "content-type", "accept", "user-agent", "proxy-authorization", "cookie");

    public ClientOptions {
        Objects.requireNonNull(retry, "retry");
        connectTimeout = positive(connectTimeout, "connectTimeout");
        requestTimeout = positive(requestTimeout, "requestTimeout");
        idleTimeout = positive(idleTimeout, "idleTimeout");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(sslContext, "sslContext");
        Objects.requireNonNull(proxy, "proxy");
        headers = checkedHeaders(headers);
        Objects.requireNonNull(bearerToken, "bearerToken");
        if (bearerToken.isPresent() && credentials.isPresent()) {
            throw new IllegalArgumentException("bearerToken and credentials both authenticate: give one of them");
        }
        if (hasAuthorizationHeader(headers) && (bearerToken.isPresent() || credentials.isPresent())) {
            throw new IllegalArgumentException("headers has an Authorization header, which clashes with the "
                    + (bearerToken.isPresent() ? "bearerToken" : "credentials") + ": give one of them");
        }
        if (httpConnections < 2 || httpConnections > 1000) {
            throw new IllegalArgumentException("httpConnections must be between 2 and 1000 (one for a waiting"
                    + " changes feed, one for the rest), got " + httpConnections);
        }
        if (fetchConcurrency < 1 || fetchConcurrency > 64) {
            throw new IllegalArgumentException("fetchConcurrency must be between 1 and 64, got " + fetchConcurrency);
        }
    }

    /** Names that are HTTP tokens and not the client's own, values on one line; the order kept. */
    private static Map<String, String> checkedHeaders(Map<String, String> headers) {
        Objects.requireNonNull(headers, "headers");
        Map<String, String> checked = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            if (!isHeaderName(name)) {
                throw new IllegalArgumentException("headers: \"" + name + "\" is not a header name");
            }
            if (OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("headers: " + name + " is set by the client itself");
            }
            String value = Objects.requireNonNull(header.getValue(), "headers: the value of " + name);
            // The value is not shown: it may be a key.
            if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0 || c > 0xff)) {
                throw new IllegalArgumentException("headers: the value of " + name + " must be one line of Latin-1 text");
            }
            if (checked.keySet().stream().anyMatch(name::equalsIgnoreCase)) {
                throw new IllegalArgumentException("headers: " + name + " is given twice");
            }
            checked.put(name, value.strip());
        }
        return Collections.unmodifiableMap(checked);
    }

    /** Whether {@code name} can name a header: an HTTP token (letters, digits and {@code !#$%&'*+-.^_`|~}). */
    public static boolean isHeaderName(String name) {
        return name != null && !name.isEmpty()
                && name.chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0);
    }

    /** Whether {@code headers} authenticates on its own. */
    static boolean hasAuthorizationHeader(Map<String, String> headers) {
        return headers.keySet().stream().anyMatch("Authorization"::equalsIgnoreCase);
    }

    private static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 ms, got " + value.toMillis() + " ms");
        }
        return value;
    }

    /** The options without secrets: header names only (a value may be a key), proxy and token hidden. */
    @Override
    public String toString() {
        return "ClientOptions[retry=" + retry + ", connectTimeout=" + connectTimeout + ", requestTimeout="
                + requestTimeout + ", idleTimeout=" + idleTimeout + ", credentials=" + credentials + ", auth=" + auth
                + ", sslContext=" + sslContext.isPresent() + ", proxy=" + proxy + ", headers=" + headers.keySet()
                + ", bearerToken=" + bearerToken + ", httpConnections=" + httpConnections + ", fetchConcurrency="
                + fetchConcurrency + "]";
    }

    /**
     * Who to be at {@code url}: these options' credentials, or else the URL's own user and password.
     * The one place that turns a URL into credentials.
     */
    public Optional<Credentials> credentialsAt(CouchUrl url) {
        return credentials.or(url::credentials);
    }

    public static ClientOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects options; {@link #build()} validates them. */
    public static final class Builder {
        private RetryPolicy retry = RetryPolicy.defaults();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Credentials credentials;
        private AuthScheme auth = AuthScheme.BASIC;
        private SSLContext sslContext;
        private HttpProxy proxy;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private BearerToken bearerToken;
        private int httpConnections = DEFAULT_HTTP_CONNECTIONS;
        private int fetchConcurrency = DEFAULT_FETCH_CONCURRENCY;

        private Builder() {}

        public Builder retry(RetryPolicy retry) {
            this.retry = retry;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        public Builder credentials(Credentials credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder auth(AuthScheme auth) {
            this.auth = auth;
            return this;
        }

        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        public Builder proxy(HttpProxy proxy) {
            this.proxy = proxy;
            return this;
        }

        /** Adds a header sent on every request; given twice (in any case), it is refused by {@link #build()}. */
        public Builder header(String name, String value) {
            if (headers.containsKey(name)) {
                throw new IllegalArgumentException("headers: " + name + " is given twice");
            }
            headers.put(name, value);
            return this;
        }

        public Builder bearerToken(BearerToken bearerToken) {
            this.bearerToken = bearerToken;
            return this;
        }

        public Builder httpConnections(int httpConnections) {
            this.httpConnections = httpConnections;
            return this;
        }

        public Builder fetchConcurrency(int fetchConcurrency) {
            this.fetchConcurrency = fetchConcurrency;
            return this;
        }

        public ClientOptions build() {
            return new ClientOptions(retry, connectTimeout, requestTimeout, idleTimeout,
                    Optional.ofNullable(credentials), auth, Optional.ofNullable(sslContext),
                    Optional.ofNullable(proxy), headers, Optional.ofNullable(bearerToken), httpConnections,
                    fetchConcurrency);
        }
    }
}
