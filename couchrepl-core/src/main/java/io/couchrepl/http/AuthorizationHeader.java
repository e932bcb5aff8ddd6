package io.couchrepl.http;

/** The same {@code Authorization} header on every request: basic credentials, or a bearer token. */
final class AuthorizationHeader implements Auth {

    private final String header;
    private final boolean bearer;
    private final String description;

    private AuthorizationHeader(String header, boolean bearer, String description) {
        this.header = header;
        this.bearer = bearer;
        this.description = description;
    }

    static AuthorizationHeader basic(Credentials credentials) {
        return new AuthorizationHeader(credentials.basicAuthorization(), false, "basic authentication");
    }

    static AuthorizationHeader bearer(BearerToken token) {
        return new AuthorizationHeader(token.authorization(), true, "bearer token");
    }

    /** Whether it carries a bearer token, whose refusal CouchDB's JWT handler may answer with 400. */
    boolean isBearer() {
        return bearer;
    }

    @Override
    public Object authorize(Request request) {
        request.header("Authorization", header);
        return null;
    }

    @Override
    public String toString() {
        return description;
    }
}
