package io.couchrepl.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends one HTTP/1.1 request and hands back the answer's status, headers and a body stream that
 * honours interrupts and an idle timeout ({@link Watchdog}); turns failures into one-line
 * {@link IOException}s that say where. The only class that opens connections. Thread-safe.
 *
 * <p>It speaks HTTP/1.1 on plain sockets: of the JDK's clients, {@code java.net.http} sets up TLS
 * even for {@code http} and keeps a selector thread that delays the exit of a short command, and
 * {@code HttpURLConnection} cannot end a blocked read of its body. Keep-alive connections are
 * pooled ({@link ConnectionPool}); one that went stale while idle is replaced once, unseen. At most
 * {@link ClientOptions#httpConnections()} are open at once: a request that needs one more waits.
 * Through a proxy ({@link ClientOptions#proxy()}), {@code http} requests go in absolute form and
 * {@code https} ones through a {@code CONNECT} tunnel.
 */
final class Transport {

    private static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final ClientOptions options;
    private final ConnectionPool pool = new ConnectionPool();
    private final Semaphore connections;
    private volatile SSLSocketFactory tls;

    Transport(ClientOptions options) {
        this.options = options;
        this.connections = new Semaphore(options.httpConnections());
    }

    /** Sends {@code request} with the idle timeout of the options. */
    Response send(Request request, String where) throws IOException {
        return send(request, options.idleTimeout(), where);
    }

    /**
     * Sends {@code request}; {@code where} (method and URL without credentials) starts every message.
     * The answer's body may stay silent for {@code idleTimeout} at most between two reads. A request
     * without a body follows redirects to the same scheme or to https.
     */
    Response send(Request request, Duration idleTimeout, String where) throws IOException {
        URI uri = request.uri();
        for (int redirects = 0; ; redirects++) {
            Response response = exchange(request, uri, idleTimeout, where);
            String location = response.headers().first("Location").orElse(null);
            if (!REDIRECTS.contains(response.status()) || location == null || request.upload() != null
                    || redirects >= MAX_REDIRECTS) {
                return response;
            }
            URI next = uri.resolve(location);
            if (!next.getScheme().equalsIgnoreCase(uri.getScheme()) && !next.getScheme().equalsIgnoreCase("https")) {
                return response;
            }
            response.body().close();
            uri = next;
        }
    }

    /** One request and its answer's head, on a kept-alive connection or a new one. */
    private Response exchange(Request request, URI uri, Duration idleTimeout, String where) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            throw interrupted(where, null);
        }
        Origin origin = Origin.of(uri);
        while (true) {
            HttpConnection connection = connection(origin, uri, where);
            Watchdog.Watch watch = Watchdog.INSTANCE.watch(connection.socket());
            boolean answered = false;
            try {
                watch.arm(options.requestTimeout().toMillis());
                Response response = sendAndReadHead(connection, request, uri, watch, idleTimeout, where);
                answered = true;
                return response;
            } catch (StaleConnectionException stale) {
                // The server closed a kept-alive connection while it was idle: nothing was answered.
                continue;
            } catch (IOException e) {
                throw failure(e, watch, uri, where);
            } finally {
                if (!answered) {
                    watch.done();
                    ConnectionPool.closeQuietly(connection);
                }
            }
        }
    }

    /**
     * A kept-alive connection to {@code origin}, or a new one once fewer than {@code httpConnections}
     * are open; waiting, it takes the first connection another request gives back, and closes idle
     * ones to other origins (a redirect's), which hold places too.
     */
    private HttpConnection connection(Origin origin, URI uri, String where) throws IOException {
        while (true) {
            HttpConnection kept = pool.take(origin);
            if (kept != null) {
                return kept;
            }
            try {
                if (connections.tryAcquire(20, TimeUnit.MILLISECONDS)) {
                    return connect(origin, uri, where);
                }
            } catch (InterruptedException e) {
                throw interrupted(where, e);
            }
            pool.closeIdleExcept(origin);
        }
    }

    /** A new connection, in the place just taken; the place is given back when it closes. */
    private HttpConnection connect(Origin origin, URI uri, String where) throws IOException {
        try {
            return HttpConnection.open(origin, options.proxy(), millis(options.connectTimeout()), this::tls,
                    connections::release);
        } catch (IOException e) {
            throw failure(e, null, uri, where);
        }
    }

    /** TLS set up on the first {@code https} request only: a command for {@code http} never pays for it. */
    private SSLSocketFactory tls() {
        SSLSocketFactory factory = tls;
        if (factory == null) {
            factory = options.sslContext().map(SSLContext::getSocketFactory)
                    .orElseGet(() -> (SSLSocketFactory) SSLSocketFactory.getDefault());
            tls = factory;
        }
        return factory;
    }

    private Response sendAndReadHead(HttpConnection connection, Request request, URI uri, Watchdog.Watch watch,
            Duration idleTimeout, String where) throws IOException {
        boolean reused = connection.wasUsed();
        connection.markUsed();
        IOException unsent = null;
        try {
            writeRequest(connection, request, uri);
        } catch (IOException e) {
            if (reused && watch.cut() == Watchdog.Cut.NONE) {
                throw new StaleConnectionException();
            }
            unsent = e; // a server may refuse before reading the whole body (413): its answer says why
        }
        String statusLine;
        Map<String, List<String>> fields;
        try {
            do { // an interim answer (100 Continue) comes before the final one: skip it
                statusLine = readStatusLine(connection);
                fields = statusLine == null ? null : readHeaderFields(connection);
            } while (statusLine != null && status(statusLine) / 100 == 1);
        } catch (IOException e) {
            if (unsent != null) {
                throw unsent;
            }
            if (reused && watch.cut() == Watchdog.Cut.NONE && !(e instanceof ProtocolException)) {
                throw new StaleConnectionException();
            }
            throw e;
        }
        if (statusLine == null) {
            if (unsent != null) {
                throw unsent;
            }
            if (reused) {
                throw new StaleConnectionException();
            }
            throw new EOFException("the server closed the connection without answering");
        }
        int status = status(statusLine);
        watch.disarm();
        Headers headers = new Headers(fields);
        boolean keepAlive = unsent == null && statusLine.startsWith("HTTP/1.1")
                && !headers.first("Connection").map(v -> v.toLowerCase(Locale.ROOT).contains("close")).orElse(false);
        ResponseStream body;
        boolean noBody = request.method().equals("HEAD") || status == 204 || status == 304;
        String encoding = headers.first("Transfer-Encoding").orElse("").toLowerCase(Locale.ROOT);
        if (noBody) {
            body = new ResponseStream(connection, pool, watch, idleTimeout, where, ResponseStream.Framing.LENGTH, 0,
                    keepAlive);
        } else if (encoding.contains("chunked")) {
            body = new ResponseStream(connection, pool, watch, idleTimeout, where, ResponseStream.Framing.CHUNKED, 0,
                    keepAlive);
        } else if (headers.first("Content-Length").isPresent()) {
            body = new ResponseStream(connection, pool, watch, idleTimeout, where, ResponseStream.Framing.LENGTH,
                    contentLength(headers.first("Content-Length").get()), keepAlive);
        } else {
            body = new ResponseStream(connection, pool, watch, idleTimeout, where,
                    ResponseStream.Framing.UNTIL_CLOSE, 0, false);
        }
        return new Response(status, headers, body);
    }

    private void writeRequest(HttpConnection connection, Request request, URI uri) throws IOException {
        URI ascii = URI.create(uri.toASCIIString());
        Origin origin = Origin.of(uri);
        String target = (ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath())
                + (ascii.getRawQuery() == null ? "" : "?" + ascii.getRawQuery());
        if (connection.isForwarded()) { // a proxy takes the absolute form, never with the URL's user info
            target = origin.url() + target;
        }
        StringBuilder head = new StringBuilder(256)
                .append(request.method()).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(origin.hostHeader()).append("\r\n")
                .append("User-Agent: couchrepl\r\n");
        connection.proxyAuthorization().ifPresent(
                value -> head.append("Proxy-Authorization: ").append(value).append("\r\n"));
        for (Map.Entry<String, String> header : options.headers().entrySet()) {
            if (!request.headers().containsKey(header.getKey())) {
                head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
            }
        }
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        CouchClient.Upload upload = request.upload();
        if (upload != null) {
            head.append("Content-Length: ").append(upload.length()).append("\r\n");
        } else if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            head.append("Content-Length: 0\r\n");
        }
        connection.writeAscii(head.append("\r\n").toString());
        if (upload != null) {
            upload.body().writeTo(connection.out());
        }
        connection.out().flush();
    }

    /** The status line, blank lines before it skipped; null if the connection ended first. */
    private static String readStatusLine(HttpConnection connection) throws IOException {
        String line = connection.readLine();
        while (line != null && line.isEmpty()) {
            line = connection.readLine();
        }
        if (line != null) {
            status(line);
        }
        return line;
    }

    /** The code of a status line such as {@code HTTP/1.1 200 OK}. */
    private static int status(String statusLine) throws ProtocolException {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length >= 2 && parts[0].startsWith("HTTP/")) {
            try {
                return Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                // below
            }
        }
        throw new ProtocolException("not an HTTP answer: " + abbreviate(statusLine));
    }

    private static Map<String, List<String>> readHeaderFields(HttpConnection connection) throws IOException {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        String last = null;
        while (true) {
            String line = connection.readLine();
            if (line == null) {
                throw new EOFException("the connection closed inside the answer's headers");
            }
            if (line.isEmpty()) {
                return fields;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
                List<String> values = fields.get(last);
                values.set(values.size() - 1, values.get(values.size() - 1) + " " + line.strip());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new ProtocolException("a header that is not \"Name: value\": " + abbreviate(line));
            }
            last = line.substring(0, colon).strip();
            fields.computeIfAbsent(last, k -> new ArrayList<>()).add(line.substring(colon + 1).strip());
        }
    }

    private static long contentLength(String value) throws IOException {
        try {
            long length = Long.parseLong(value.strip());
            if (length >= 0) {
                return length;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IOException("an invalid Content-Length: " + abbreviate(value));
    }

    private IOException failure(IOException e, Watchdog.Watch watch, URI uri, String where) {
        Watchdog.Cut cut = watch == null ? Watchdog.Cut.NONE : watch.cut();
        switch (cut) {
            case INTERRUPTED:
                return interrupted(where, e);
            case SILENT:
                return new IOException(where + ": no answer within " + options.requestTimeout().toSeconds() + " s", e);
            default:
                break;
        }
        if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
            return e;
        }
        if (e instanceof CouchHttpException) { // the proxy refused the tunnel: its status decides
            return e;
        }
        // Through a proxy, the socket goes to the proxy: a failure to reach it names the proxy.
        String peer = options.proxy().map(proxy -> "the proxy " + proxy.shown())
                .orElse(Origin.of(uri).url());
        if (e instanceof SocketTimeoutException) {
            return new IOException(where + ": could not connect to " + peer + " within "
                    + options.connectTimeout().toSeconds() + " s", e);
        }
        if (e instanceof UnknownHostException) {
            String host = options.proxy().map(proxy -> "of the proxy " + proxy.shown()).orElse(uri.getHost());
            return new IOException(where + ": unknown host " + host, e);
        }
        if (e instanceof ConnectException) {
            String message = e.getMessage() == null ? "connection refused" : e.getMessage().toLowerCase(Locale.ROOT);
            return new IOException(where + ": cannot connect to " + peer + " (" + message + ")", e);
        }
        if (e instanceof SSLException) {
            if (hasCause(e, CertificateException.class)) {
                return new UntrustedServerException(where + ": the server's certificate is not trusted ("
                        + rootMessage(e) + ")", e);
            }
            if (isRefusalOfThisClient(e)) {
                return new TlsRefusedException(where + ": the server refused the TLS handshake (" + rootMessage(e)
                        + "): it asks for a client certificate it trusts", e);
            }
            return new IOException(where + ": TLS failed (" + rootMessage(e) + ")", e);
        }
        return new IOException(where + ": " + describe(e), e);
    }

    /**
     * A TLS alert by which a server refuses this client's certificate, or the lack of one: TLS 1.3
     * sends {@code certificate_required}, TLS 1.2 {@code bad_certificate}; a certificate from an
     * issuer it does not trust gets {@code unknown_ca}. (A {@code handshake_failure} may as well be
     * a cipher mismatch: it stays a plain failure.)
     */
    private static boolean isRefusalOfThisClient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("received fatal alert") && (message.contains("certificate_required")
                    || message.contains("bad_certificate") || message.contains("unknown_ca")
                    || message.contains("certificate_unknown") || message.contains("access_denied"))) {
                return true;
            }
        }
        return false;
    }

    /** Closes the connections kept alive. */
    void close() {
        pool.closeAll();
    }

    static InterruptedIOException interrupted(String where, Throwable cause) {
        Thread.currentThread().interrupt();
        InterruptedIOException interrupted = new InterruptedIOException(where + " was interrupted");
        interrupted.initCause(cause);
        return interrupted;
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message;
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }

    private static String abbreviate(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return describe(root);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** A kept-alive connection the server had closed: the request goes again on a new one. */
    private static final class StaleConnectionException extends IOException {
        StaleConnectionException() {
            super("stale kept-alive connection");
        }
    }
}
