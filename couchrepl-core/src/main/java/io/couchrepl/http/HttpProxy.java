package io.couchrepl.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP proxy that requests go through: {@code http://proxy:3128}, or {@code https://} for a proxy
 * reached over TLS, with {@code user:password@} for one that asks ({@code Proxy-Authorization: Basic}).
 * A plain {@code http} request goes to it in absolute form; an {@code https} one through a
 * {@code CONNECT} tunnel. The password leaves this object only in that header: {@link #toString()}
 * and {@link #shown()} never show it.
 */
public final class HttpProxy {

    private final Origin origin;
    private final Credentials credentials;

    private HttpProxy(Origin origin, Credentials credentials) {
        this.origin = origin;
        this.credentials = credentials;
    }

    /**
     * Parses a proxy URL; without a scheme it is {@code http://}, as curl takes it. A path other
     * than {@code /}, a query, or a scheme other than http and https is refused with a message that
     * never repeats the password.
     */
    public static HttpProxy parse(String url) {
        Objects.requireNonNull(url, "url");
        String text = url.strip();
        if (!text.contains("://")) {
            text = "http://" + text;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a proxy URL: " + CouchUrl.shown(url) + " (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("not a proxy URL: " + CouchUrl.shown(url)
                    + " (only http:// and https:// proxies are supported)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("not a proxy URL: " + CouchUrl.shown(url) + " (no host)");
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null) {
            throw new IllegalArgumentException("not a proxy URL: " + CouchUrl.shown(url) + " (a proxy URL has no path)");
        }
        Credentials credentials = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
            if (user.isEmpty()) {
                throw new IllegalArgumentException("not a proxy URL: " + CouchUrl.shown(url) + " (empty user name)");
            }
            credentials = Credentials.of(user, password);
        }
        // Without a port: curl's defaults, 1080 for an http proxy and 443 for an https one.
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 1080;
        return new HttpProxy(new Origin(scheme, uri.getHost().toLowerCase(Locale.ROOT), port), credentials);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Where the proxy listens. */
    Origin origin() {
        return origin;
    }

    /** The {@code Proxy-Authorization} header value, when the URL named a user. */
    Optional<String> authorization() {
        return Optional.ofNullable(credentials).map(Credentials::basicAuthorization);
    }

    /** The user the proxy is asked to accept, if any. */
    public Optional<String> username() {
        return Optional.ofNullable(credentials).map(Credentials::username);
    }

    /** {@code http://host:port}, without user or password: how messages name the proxy. */
    public String shown() {
        return origin.scheme() + "://" + origin.hostHeaderWithPort();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpProxy p && p.origin.equals(origin) && Objects.equals(p.credentials, credentials);
    }

    @Override
    public int hashCode() {
        return origin.hashCode();
    }

    @Override
    public String toString() {
        return "HttpProxy[" + shown() + (credentials == null ? "" : ", user " + credentials.username() + ", password hidden") + "]";
    }
}
