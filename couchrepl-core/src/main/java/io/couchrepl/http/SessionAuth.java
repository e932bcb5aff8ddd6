package io.couchrepl.http;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpCookie;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CouchDB cookie authentication: {@code POST /_session} once, then the {@code AuthSession} cookie on
 * every request. CouchDB renews the cookie in its answers while a session is in use and refuses it
 * with 401 once it has expired (10 minutes idle by default); then this logs in again, once.
 */
final class SessionAuth implements Auth {

    private static final Logger log = LoggerFactory.getLogger(SessionAuth.class);
    private static final String COOKIE = "AuthSession";

    private final Credentials credentials;
    private final URI sessionUri;
    private final Transport transport;
    private String cookie;

    SessionAuth(Credentials credentials, URI sessionUri, Transport transport) {
        this.credentials = credentials;
        this.sessionUri = sessionUri;
        this.transport = transport;
    }

    @Override
    public synchronized Object authorize(Request request) throws IOException {
        if (cookie == null) {
            login();
        }
        request.header("Cookie", COOKIE + "=" + cookie);
        return cookie;
    }

    @Override
    public synchronized void observe(Headers headers) {
        sessionCookie(headers).ifPresent(fresh -> cookie = fresh);
    }

    @Override
    public synchronized boolean renew(Object used) throws IOException {
        if (!Objects.equals(used, cookie)) {
            return true; // another request has logged in again meanwhile
        }
        log.debug("{} refused the session cookie; logging in again", sessionUri);
        cookie = null;
        login();
        return true;
    }

    private void login() throws IOException {
        String where = "POST " + sessionUri;
        Request request = new Request("POST", sessionUri).body(CouchClient.Upload.json(loginBody()));
        Response response = transport.send(request, where);
        if (!response.isSuccess()) {
            throw Refusals.read("POST", sessionUri.toString(), response);
        }
        try (InputStream body = response.body()) {
            body.transferTo(OutputStream.nullOutputStream());
        }
        cookie = sessionCookie(response.headers()).orElseThrow(() -> new MalformedResponseException(
                where + " answered " + response.status() + " without an " + COOKIE + " cookie"));
    }

    private byte[] loginBody() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("name", credentials.username());
            g.writeStringField("password", credentials.password());
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** A non-empty {@code AuthSession} value among the answer's cookies (a failed login sets an empty one). */
    private static Optional<String> sessionCookie(Headers headers) {
        for (String header : headers.all("Set-Cookie")) {
            try {
                for (HttpCookie c : HttpCookie.parse(header)) {
                    if (c.getName().equals(COOKIE) && !c.getValue().isEmpty()) {
                        return Optional.of(c.getValue());
                    }
                }
            } catch (IllegalArgumentException unreadable) {
                // Not a cookie we can use; the next answer may bring one.
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "cookie authentication as " + credentials.username();
    }
}
