package io.couchrepl.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The real server behind a test proxy: sends on a request the proxy received, as it came (method,
 * path and query, body, end-to-end headers), and hands back the answer as a stream. Loopback only.
 */
final class Upstream {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "transfer-encoding",
            "host", "keep-alive", "upgrade", "expect");

    private final URI base;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    Upstream(URI base) {
        this.base = base;
        try {
            if (base.getHost() == null || !InetAddress.getByName(base.getHost()).isLoopbackAddress()) {
                throw new IllegalArgumentException("a test proxy forwards to loopback only, not to " + base);
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown upstream host in " + base, e);
        }
    }

    /** Whether a header travels from end to end, so a proxy passes it on. */
    static boolean isEndToEnd(String name) {
        return !HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT));
    }

    HttpResponse<InputStream> send(ForwardingProxy.Request request, Map<String, List<String>> headers)
            throws IOException, InterruptedException {
        boolean hasBody = request.body().length > 0 || request.method().equals("POST") || request.method().equals("PUT");
        HttpRequest.Builder out = HttpRequest.newBuilder(URI.create(base + request.pathAndQuery()))
                .method(request.method(), hasBody
                        ? HttpRequest.BodyPublishers.ofByteArray(request.body()) : HttpRequest.BodyPublishers.noBody());
        headers.forEach((name, values) -> {
            if (isEndToEnd(name)) {
                values.forEach(v -> out.header(name, v));
            }
        });
        return client.send(out.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /**
     * The URL of a database as seen through a proxy at {@code proxyUrl} ({@code http://127.0.0.1:PORT}
     * or {@code https://...}), with the credentials of the test server if it needs them.
     */
    static String urlThrough(String proxyUrl, TestDb db) {
        URI proxy = URI.create(proxyUrl);
        URI direct = URI.create(db.url());
        String userInfo = direct.getRawUserInfo() == null ? "" : direct.getRawUserInfo() + "@";
        return proxy.getScheme() + "://" + userInfo + proxy.getRawAuthority() + direct.getRawPath();
    }
}
