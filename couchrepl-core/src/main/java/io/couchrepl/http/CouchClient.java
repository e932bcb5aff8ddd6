package io.couchrepl.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.couchrepl.http.FailureClassifier.Call;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * Sends requests to one CouchDB database as its user and reads the answers, trying again after
 * failures that pass ({@link Retries}); turns refusals into {@link CouchHttpException}s and answers
 * that are not JSON into {@link MalformedResponseException}s. Each request names its protocol call,
 * and a failure {@link FailureClassifier} finds fatal for that call leaves typed as the SPI types it;
 * the others (split, skip, fall back, absent) are the caller's to act on.
 */
final class CouchClient implements AutoCloseable {

    /** Reads a successful answer; called again, on a new answer, when a retry follows. */
    @FunctionalInterface
    interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    /** Reads a successful answer that comes in the form the server chose (multipart or JSON). */
    @FunctionalInterface
    interface TypedBodyReader<T> {
        T read(ContentType type, InputStream body) throws IOException;
    }

    /**
     * A request body of any type, streamed and written again from its start on a retry.
     *
     * @param length its length in bytes, which the writer writes exactly
     */
    record Upload(String contentType, long length, Writer body) {

        Upload {
            if (length < 0) {
                throw new IllegalArgumentException("an upload's length must be known, got " + length);
            }
        }

        /** Writes the whole body; called once per attempt. */
        @FunctionalInterface
        interface Writer {
            void writeTo(OutputStream out) throws IOException;
        }

        static Upload json(byte[] json) {
            return json == null ? null : new Upload("application/json", json.length, out -> out.write(json));
        }
    }

    private static final String JSON = "application/json";

    private final CouchUrl url;
    private final ClientOptions options;
    private final Transport transport;
    private final Auth auth;

    CouchClient(CouchUrl url, ClientOptions options) {
        this.url = url;
        this.options = options;
        this.transport = new Transport(options);
        this.auth = Auth.of(options, options.credentialsAt(url), transport, url);
    }

    CouchUrl url() {
        return url;
    }

    ClientOptions options() {
        return options;
    }

    /** GET below the database, read with {@code reader}. */
    <T> T get(Call call, String pathAndQuery, BodyReader<T> reader) throws IOException {
        return call(call, "GET", pathAndQuery, null, options.idleTimeout(), reader);
    }

    /** POST a JSON body below the database, the answer read with {@code reader}. */
    <T> T post(Call call, String pathAndQuery, byte[] json, BodyReader<T> reader) throws IOException {
        return call(call, "POST", pathAndQuery, json, options.idleTimeout(), reader);
    }

    /** PUT a JSON body (or none) below the database, the answer read with {@code reader}. */
    <T> T put(Call call, String pathAndQuery, byte[] json, BodyReader<T> reader) throws IOException {
        return call(call, "PUT", pathAndQuery, json, options.idleTimeout(), reader);
    }

    /** GET a path on the server rather than below the database ({@code "/"}). */
    <T> T getFromServer(String path, BodyReader<T> reader) throws IOException {
        return call(Call.SERVER_INFO, "GET", url.resolveServer(path), null, options.idleTimeout(), reader);
    }

    /**
     * Sends a request below the database and reads its answer; {@code idleTimeout} bounds the silence
     * between two pieces of the answer. A failure that passes sends the whole request again, as the
     * retry policy allows, and {@code reader} reads the new answer from its start.
     */
    <T> T call(Call call, String method, String pathAndQuery, byte[] json, Duration idleTimeout, BodyReader<T> reader)
            throws IOException {
        return call(call, method, url.resolve(pathAndQuery), json, idleTimeout, reader);
    }

    /**
     * Sends a request below the database accepting {@code accept} (such as {@code multipart/mixed})
     * besides JSON, and reads the answer by its media type; retried as {@link #call} is.
     */
    <T> T call(Call call, String method, String pathAndQuery, Upload upload, String accept,
            TypedBodyReader<T> reader) throws IOException {
        return send(call, method, url.resolve(pathAndQuery), upload, accept, options.idleTimeout(), reader);
    }

    private <T> T call(Call call, String method, URI uri, byte[] json, Duration idleTimeout, BodyReader<T> reader)
            throws IOException {
        return send(call, method, uri, Upload.json(json), JSON, idleTimeout, (type, body) -> reader.read(body));
    }

    private <T> T send(Call call, String method, URI uri, Upload upload, String accept, Duration idleTimeout,
            TypedBodyReader<T> reader) throws IOException {
        String where = method + " " + CouchUrl.redact(uri.toString());
        try {
            return Retries.call(where, options.retry(), call,
                    () -> exchange(method, uri, upload, accept, idleTimeout, where, reader));
        } catch (CouchHttpException e) {
            throw FailureClassifier.classify(call, e) == FailureClassifier.Outcome.FATAL ? FailureClassifier.typed(call, e) : e;
        }
    }

    private <T> T exchange(String method, URI uri, Upload upload, String accept, Duration idleTimeout, String where,
            TypedBodyReader<T> reader) throws IOException {
        Response response = send(method, uri, upload, accept, idleTimeout, where);
        try (CountingBody body = new CountingBody(response.body())) {
            ContentType type = ContentType.parse(response.headers().first("Content-Type").orElse(JSON));
            if (!(type.isMultipart() && accept.startsWith("multipart/"))) {
                checkJson(response, where);
            }
            try {
                return reader.read(type, body);
            } catch (JsonProcessingException e) {
                // The server (or something on the way) ended the answer early: worth another try.
                if (body.endedAt(e.getLocation())) {
                    throw brokeOff(where, body, e.getOriginalMessage(), e);
                }
                throw new MalformedResponseException(where + " answered invalid JSON: " + e.getOriginalMessage(), e);
            } catch (MalformedResponseException e) {
                if (body.endedAt(null)) {
                    throw brokeOff(where, body, e.getMessage(), e);
                }
                throw e.getMessage().startsWith(where) ? e : new MalformedResponseException(where + ": " + e.getMessage(), e);
            }
        }
    }

    private static IOException brokeOff(String where, CountingBody body, String detail, Exception cause) {
        return new IOException(where + ": the answer broke off after " + body.count() + " bytes (" + detail + ")", cause);
    }

    /** Sends once, and once more if a refused session could be renewed; a refusal becomes an exception. */
    private Response send(String method, URI uri, Upload upload, String accept, Duration idleTimeout,
            String where) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Request request = new Request(method, uri).header("Accept", accept).body(upload);
            Object used = auth.authorize(request);
            Response response = transport.send(request, idleTimeout, where);
            auth.observe(response.headers());
            int status = response.status();
            if (response.isSuccess()) {
                return response;
            }
            CouchHttpException refusal = Refusals.read(method, CouchUrl.redact(uri.toString()), response);
            if (status == 401 && attempt == 0 && auth.renew(used)) {
                continue;
            }
            if (auth instanceof AuthorizationHeader header && header.isBearer() && (status == 401 || status == 400 && "bad_request".equals(refusal.error()))) {
                // CouchDB's JWT handler answers 400 bad_request to a token whose signature it rejects.
                throw new TokenRefusedException(refusal);
            }
            throw refusal;
        }
    }

    /** CouchDB answers JSON; PouchDB Server text/plain unless asked; anything else (an HTML page) is not an answer. */
    private static void checkJson(Response response, String where) throws MalformedResponseException {
        String type = response.headers().first("Content-Type").orElse("");
        String media = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!media.isEmpty() && !media.equals("application/json") && !media.equals("text/plain")
                && !media.endsWith("+json")) {
            throw new MalformedResponseException(where + " answered " + media + ", not JSON");
        }
    }

    @Override
    public void close() {
        transport.close();
    }
}
