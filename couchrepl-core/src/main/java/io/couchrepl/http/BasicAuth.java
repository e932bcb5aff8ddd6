package io.couchrepl.http;

/** {@code Authorization: Basic} on every request. */
final class BasicAuth implements Auth {

    private final String header;

    BasicAuth(Credentials credentials) {
        this.header = credentials.basicAuthorization();
    }

    @Override
    public Object authorize(Request request) {
        request.header("Authorization", header);
        return null;
    }

    @Override
    public String toString() {
        return "basic authentication";
    }
}
