package io.couchrepl.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
            throw new IllegalArgumentException("not a database URL: " + shown(url) + " (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("not a database URL: " + shown(url) + " (it must start with http:// or https://)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("not a database URL: " + shown(url) + " (no host)");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty()) {
            throw new IllegalArgumentException("not a database URL: " + shown(url) + " (no database name in the path)");
        }
        String user = null;
        String pass = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            // "http://user@host/db" names the user and leaves the password to be given another way.
            pass = colon < 0 ? null : decode(userInfo.substring(colon + 1));
            if (user.isEmpty()) {
                throw new IllegalArgumentException("not a database URL: " + shown(url) + " (empty user name)");
            }
        }
        URI server;
        try {
            server = new URI(scheme.toLowerCase(), null, uri.getHost().toLowerCase(), uri.getPort(), null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a database URL: " + shown(url));
        }
        return new CouchUrl(server, path, user, pass);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * A URL as the user gave it, for a message about why it is wrong: whatever may be a password
     * (between the first {@code :} of the user info and its last {@code @}) becomes {@code ***}, even
     * in a URL that does not parse or lacks its scheme.
     */
    static String shown(String url) {
        int start = url.indexOf("://");
        start = start < 0 ? 0 : start + 3;
        int at = url.lastIndexOf('@');
        if (at < start) {
            return url;
        }
        int colon = url.indexOf(':', start);
        return colon < 0 || colon > at ? url : url.substring(0, colon + 1) + "***" + url.substring(at);
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

    /**
     * An absolute URI for a path on the server beside the database ({@code "/"}, {@code "/_session"});
     * a server behind a path prefix ({@code http://host/couch/db}) keeps its prefix.
     */
    public URI resolveServer(String path) {
        return URI.create(server + dbPath.substring(0, dbPath.lastIndexOf('/')) + path);
    }

    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** Whether the URL gave a password (possibly empty), not only a user name. */
    public boolean hasPassword() {
        return password != null;
    }

    /** The user and password of the URL, if it gave both. */
    public Optional<Credentials> credentials() {
        return username == null || password == null ? Optional.empty() : Optional.of(Credentials.of(username, password));
    }

    public String withoutCredentials() {
        return server + dbPath;
    }

    @Override
    public String toString() {
        return withoutCredentials();
    }
}
