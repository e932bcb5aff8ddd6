package io.couchrepl.http;

import java.io.IOException;
import java.util.Optional;

/**
 * How requests prove who sends them. Credentials leave an {@code Auth} only in request headers.
 * Thread-safe: concurrent requests share one.
 */
interface Auth {

    /** Requests that carry nothing. */
    Auth NONE = request -> null;

    /**
     * Adds what proves the sender to a request (logging in first if need be); returns what was used,
     * for {@link #renew}.
     */
    Object authorize(Request request) throws IOException;

    /** Sees the headers of every answer (a server may hand out a fresh session cookie). */
    default void observe(Headers headers) {}

    /**
     * The server refused what {@link #authorize} added (401): whether it was renewed, so that the
     * request is worth sending once more. Basic credentials cannot be renewed: a 401 for them is final.
     */
    default boolean renew(Object used) throws IOException {
        return false;
    }

    /** What {@code options} ask for, as {@code credentials}' user; cookie authentication logs in at the server of {@code url}. */
    static Auth of(ClientOptions options, Optional<Credentials> credentials, Transport transport, CouchUrl url) {
        if (options.bearerToken().isPresent()) {
            if (credentials.isPresent()) {
                throw new IllegalArgumentException("the URL's user and password clash with the bearer token: give one of them");
            }
            if (options.auth() == AuthScheme.COOKIE) {
                throw new IllegalArgumentException("cookie authentication needs a user name and password, not a bearer token");
            }
            return AuthorizationHeader.bearer(options.bearerToken().get());
        }
        if (credentials.isPresent() && ClientOptions.hasAuthorizationHeader(options.headers())) {
            throw new IllegalArgumentException("the Authorization header clashes with the user and password: give one of them");
        }
        if (credentials.isEmpty()) {
            if (options.auth() == AuthScheme.COOKIE) {
                throw new IllegalArgumentException("cookie authentication needs a user name and password");
            }
            return NONE;
        }
        return switch (options.auth()) {
            case BASIC -> AuthorizationHeader.basic(credentials.get());
            case COOKIE -> new SessionAuth(credentials.get(), url.resolveServer("/_session"), transport);
        };
    }
}
