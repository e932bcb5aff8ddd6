package io.couchrepl.http;

import java.net.URI;
import java.util.Locale;

/** Where a connection goes: scheme, host and port, the key of the connection pool. */
record Origin(String scheme, String host, int port) {

    static Origin of(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return new Origin(scheme, uri.getHost(), port);
    }

    boolean isTls() {
        return scheme.equals("https");
    }

    /** The host without the brackets of an IPv6 literal, as a socket address takes it. */
    String hostForSocket() {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The {@code Host} header: the port only when it is not the scheme's own. */
    String hostHeader() {
        boolean defaultPort = port == (isTls() ? 443 : 80);
        return defaultPort ? host : host + ":" + port;
    }

    /** {@code scheme://host[:port]}, as an absolute request target and a message begin. */
    String url() {
        return scheme + "://" + hostHeader();
    }

    /** {@code host:port} always, as a {@code CONNECT} request names its target. */
    String hostHeaderWithPort() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return scheme + "://" + host + ":" + port;
    }
}
