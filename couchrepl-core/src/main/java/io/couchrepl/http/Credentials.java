package io.couchrepl.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A user name and password for a CouchDB server. The password leaves this object only in the
 * requests that authenticate: {@link #toString()} shows the user name alone, so a credentials
 * object can be logged or put in options without leaking it.
 */
public final class Credentials {

    private final String username;
    private final String password;

    private Credentials(String username, String password) {
        this.username = username;
        this.password = password;
    }

    /** Credentials of a user; neither part may be null, and the user name must not be empty. */
    public static Credentials of(String username, String password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isEmpty()) {
            throw new IllegalArgumentException("the user name is empty");
        }
        return new Credentials(username, password);
    }

    public String username() {
        return username;
    }

    /** The password, for {@code POST /_session}; never log it. */
    String password() {
        return password;
    }

    /** The {@code Authorization} header value of basic authentication. */
    String basicAuthorization() {
        String pair = username + ":" + password;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credentials c && c.username.equals(username) && c.password.equals(password);
    }

    @Override
    public int hashCode() {
        return username.hashCode();
    }

    @Override
    public String toString() {
        return "Credentials[" + username + ", password hidden]";
    }
}
