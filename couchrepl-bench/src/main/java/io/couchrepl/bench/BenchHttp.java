package io.couchrepl.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The harness's own plain HTTP client for one database: basic auth from the URL, JSON in and out.
 * Deliberately independent of couchrepl's HTTP edge, so the protocol floor measures the server and
 * not our code.
 */
final class BenchHttp {

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String base;
    private final Optional<String> authorization;
    private final String shown;

    /** A database at {@code http://user:pass@host:port/db}, or the server itself without a path. */
    BenchHttp(String databaseUrl) {
        URI uri = URI.create(databaseUrl.endsWith("/") ? databaseUrl.substring(0, databaseUrl.length() - 1) : databaseUrl);
        if (uri.getScheme() == null || uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("not a server or database URL with a port: " + redact(databaseUrl));
        }
        String userInfo = uri.getRawUserInfo();
        this.authorization = Optional.ofNullable(userInfo).map(info -> "Basic "
                + Base64.getEncoder().encodeToString(decode(info).getBytes(StandardCharsets.UTF_8)));
        this.base = uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort() + (uri.getRawPath() == null ? "" : uri.getRawPath());
        this.shown = base;
    }

    private static String decode(String userInfo) {
        return java.net.URLDecoder.decode(userInfo.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    static String redact(String url) {
        return url.replaceAll("(?i)(://[^/@:]*:)[^@/]*@", "$1***@");
    }

    /** The database URL without credentials. */
    String url() {
        return shown;
    }

    /** Sends a request below the database and returns the body stream of a 2xx answer. */
    InputStream stream(String method, String pathAndQuery, byte[] json) throws IOException {
        HttpResponse<InputStream> response = send(method, pathAndQuery, json, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() / 100 != 2) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(500), StandardCharsets.UTF_8);
            }
            throw new IOException(method + " " + shown + pathAndQuery + ": HTTP " + response.statusCode() + " " + body.strip());
        }
        return response.body();
    }

    /** Sends a request below the database and returns the text of a 2xx answer. */
    String text(String method, String pathAndQuery, String json) throws IOException {
        try (InputStream in = stream(method, pathAndQuery, json == null ? null : json.getBytes(StandardCharsets.UTF_8))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The status code of a request whose answer is not needed (e.g. creating a database that may exist). */
    int status(String method, String pathAndQuery) throws IOException {
        HttpResponse<Void> response = send(method, pathAndQuery, null, HttpResponse.BodyHandlers.discarding());
        return response.statusCode();
    }

    private <T> HttpResponse<T> send(String method, String pathAndQuery, byte[] json, HttpResponse.BodyHandler<T> handler)
            throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofMinutes(10))
                .header("Accept", "application/json");
        authorization.ifPresent(value -> request.header("Authorization", value));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(json));
        }
        try {
            return http.send(request.build(), handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(method + " " + shown + pathAndQuery + " was interrupted");
        }
    }
}
