package io.couchrepl.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * The address of a CouchDB database, split into where it is and who to be there.
 *
 * <p>Credentials come from the URL's user info ({@code http://user:pass@host:5984/db}) and are kept
 * apart: {@link #toString()} and {@link #withoutCredentials()} never contain them, so the URL can
 * go into logs, messages, status and replication ids.
 */
public final class CouchUrl {

    private final URI server;
    private final String dbPath;
    private final String username;
    private final String password;

    private CouchUrl(URI server, String dbPath, String username, String password) {
        this.server = server;
        this.dbPath = dbPath;
        this.username = username;
        this.password = password;
    }

    /**
     * Parses a database URL. The message of the exception for a bad URL never repeats the password.
     */
    public static CouchUrl parse(String url) {
        Objects.requireNonNull(url, "url");
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a database URL: " + redact(url) + " (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("not a database URL: " + redact(url) + " (it must start with http:// or https://)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("not a database URL: " + redact(url) + " (no host)");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty()) {
            throw new IllegalArgumentException("not a database URL: " + redact(url) + " (no database name in the path)");
        }
        String user = null;
        String pass = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            pass = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        }
        URI server;
        try {
            server = new URI(scheme.toLowerCase(), null, uri.getHost().toLowerCase(), uri.getPort(), null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a database URL: " + redact(url));
        }
        return new CouchUrl(server, path, user, pass);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Replaces the password of anything that looks like a URL with user info by {@code ***}. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        return text.replaceAll("(?i)([a-z][a-z0-9+.-]*://[^/\\s:@]*:)[^@/\\s]*@", "$1***@");
    }

    /** {@code http://host:port}, never with credentials. */
    public URI server() {
        return server;
    }

    /** The database part of the path as given, still percent-encoded, starting with {@code /}. */
    public String dbPath() {
        return dbPath;
    }

    /** An absolute URI for a path and query below the database ({@code "/_changes?since=0"}). */
    public URI resolve(String pathAndQuery) {
        return URI.create(server + dbPath + pathAndQuery);
    }

    /** An absolute URI for a path below the server ({@code "/"}, {@code "/_session"}). */
    public URI resolveServer(String path) {
        return URI.create(server + path);
    }

    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** The {@code Authorization} header value for basic auth, if the URL carried credentials. */
    Optional<String> basicAuthorization() {
        if (username == null) {
            return Optional.empty();
        }
        String pair = username + ":" + password;
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    public String withoutCredentials() {
        return server + dbPath;
    }

    @Override
    public String toString() {
        return withoutCredentials();
    }
}
