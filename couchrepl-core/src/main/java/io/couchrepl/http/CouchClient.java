package io.couchrepl.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends requests to one CouchDB database with its credentials, and turns refusals into
 * {@link CouchHttpException}s. The only class that holds an {@link HttpClient}.
 */
final class CouchClient implements AutoCloseable {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration HEADERS_TIMEOUT = Duration.ofSeconds(120);
    /** How long a response may send nothing at all before it counts as stalled. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(120);

    private final CouchUrl url;
    private final HttpClient http;
    private final Optional<String> authorization;

    CouchClient(CouchUrl url) {
        this.url = url;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.authorization = url.basicAuthorization();
    }

    CouchUrl url() {
        return url;
    }

    /** GET below the database; the caller closes the stream. */
    InputStream get(String pathAndQuery) throws IOException {
        return send("GET", pathAndQuery, null);
    }

    /** POST a JSON body below the database; the caller closes the stream. */
    InputStream post(String pathAndQuery, byte[] json) throws IOException {
        return send("POST", pathAndQuery, json);
    }

    /** PUT a JSON body below the database; the caller closes the stream. */
    InputStream put(String pathAndQuery, byte[] json) throws IOException {
        return send("PUT", pathAndQuery, json);
    }

    InputStream send(String method, String pathAndQuery, byte[] json) throws IOException {
        return send(method, pathAndQuery, json, IDLE_TIMEOUT);
    }

    /** Sends a request; {@code idleTimeout} bounds the silence between two pieces of the answer. */
    InputStream send(String method, String pathAndQuery, byte[] json, Duration idleTimeout) throws IOException {
        return send(method, url.resolve(pathAndQuery), json, idleTimeout);
    }

    /** GET a path below the server rather than the database ({@code "/"}). */
    InputStream getFromServer(String path) throws IOException {
        return send("GET", url.resolveServer(path), null, IDLE_TIMEOUT);
    }

    private InputStream send(String method, URI uri, byte[] json, Duration idleTimeout) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(HEADERS_TIMEOUT)
                // PouchDB Server answers text/plain unless asked for JSON.
                .header("Accept", "application/json");
        authorization.ifPresent(value -> request.header("Authorization", value));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json));
        }
        String where = method + " " + describe(uri);
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), ResponseBody.handler(idleTimeout, where));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException(where + " was interrupted");
            interrupted.initCause(e);
            throw interrupted;
        } catch (HttpConnectTimeoutException e) {
            throw new IOException(where + ": could not connect within " + CONNECT_TIMEOUT.toSeconds() + " s", e);
        } catch (HttpTimeoutException e) {
            throw new IOException(where + ": no answer within " + HEADERS_TIMEOUT.toSeconds() + " s", e);
        } catch (ConnectException e) {
            throw new IOException(where + ": cannot connect to " + url.server() + " (connection refused)", e);
        } catch (IOException e) {
            throw new IOException(where + ": " + describeCause(e), e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response.body();
        }
        throw refusal(method, uri, status, response.body());
    }

    private String describe(URI uri) {
        return CouchUrl.redact(uri.toString());
    }

    private static String describeCause(IOException e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message;
    }

    private CouchHttpException refusal(String method, URI uri, int status, InputStream body) throws IOException {
        String text;
        try (InputStream in = body) {
            text = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        } catch (IOException e) {
            text = "";
        }
        String error = "http_" + status;
        String reason = "";
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (node != null && node.isObject()) {
                error = node.path("error").asText(error);
                reason = node.path("reason").asText("");
            }
        } catch (IOException notJson) {
            String firstLine = text.strip().lines().findFirst().orElse("");
            reason = firstLine.length() > 200 ? firstLine.substring(0, 200) + "..." : firstLine;
        }
        return new CouchHttpException(status, error, reason, method, describe(uri));
    }

    @Override
    public void close() {
        // HttpClient has no close() before JDK 21; its threads end once no request is outstanding.
    }
}
