package io.couchrepl.http;

import java.util.Objects;

/**
 * A bearer token (a JWT for CouchDB's {@code jwt_authentication_handler}, or what a gateway asks
 * for), sent as {@code Authorization: Bearer}. It leaves this object only in that header:
 * {@link #toString()} hides it, so options holding one can be logged.
 */
public final class BearerToken {

    private final String token;

    private BearerToken(String token) {
        this.token = token;
    }

    /** A token: printable characters without spaces, as the {@code Authorization} header carries it. */
    public static BearerToken of(String token) {
        Objects.requireNonNull(token, "token");
        String t = token.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("the bearer token is empty");
        }
        if (t.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            throw new IllegalArgumentException("the bearer token holds spaces or characters a header cannot carry");
        }
        return new BearerToken(t);
    }

    /** The {@code Authorization} header value. */
    String authorization() {
        return "Bearer " + token;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BearerToken b && b.token.equals(token);
    }

    @Override
    public int hashCode() {
        return token.hashCode();
    }

    @Override
    public String toString() {
        return "BearerToken[hidden]";
    }
}
