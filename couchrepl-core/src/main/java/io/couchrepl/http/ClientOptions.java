package io.couchrepl.http;

import io.couchrepl.RetryPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
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
 * @param sslContext     whom to trust for {@code https}; the JDK's trust store when empty
 */
public record ClientOptions(
        RetryPolicy retry,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration idleTimeout,
        Optional<Credentials> credentials,
        AuthScheme auth,
        Optional<SSLContext> sslContext) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(120);

    public ClientOptions {
        Objects.requireNonNull(retry, "retry");
        connectTimeout = positive(connectTimeout, "connectTimeout");
        requestTimeout = positive(requestTimeout, "requestTimeout");
        idleTimeout = positive(idleTimeout, "idleTimeout");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(sslContext, "sslContext");
    }

    private static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 ms, got " + value.toMillis() + " ms");
        }
        return value;
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

        public ClientOptions build() {
            return new ClientOptions(retry, connectTimeout, requestTimeout, idleTimeout,
                    Optional.ofNullable(credentials), auth, Optional.ofNullable(sslContext));
        }
    }
}
