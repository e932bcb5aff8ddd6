package io.couchrepl.http;

/** {@code Authorization: Bearer} on every request. */
final class BearerAuth implements Auth {

    private final String header;

    BearerAuth(BearerToken token) {
        this.header = token.authorization();
    }

    @Override
    public Object authorize(Request request) {
        request.header("Authorization", header);
        return null;
    }

    @Override
    public String toString() {
        return "bearer token";
    }
}
