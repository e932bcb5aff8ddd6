package io.couchrepl.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ServerSocketFactory;
import javax.net.ssl.SSLContext;

/**
 * A proxy on 127.0.0.1 in front of a real test server that breaks requests on purpose, as a
 * {@link FaultPlan} says ({@link Fault}: error statuses, delays, connections dropped or reset
 * mid-answer, bodies cut short, stalls), can stop listening and come back on the same port, and
 * optionally speaks TLS to its clients. Everything not broken is forwarded as it is, streamed.
 *
 * <p>It works on sockets, so a fault lands exactly where it should: each answer is sent chunked with
 * {@code Connection: close}, one request per connection. Bounded: after {@link #DEFAULT_MAX_REQUESTS}
 * requests or {@link #DEFAULT_LIFETIME} it refuses every connection (and says so once on stderr), so
 * a runaway test ends. Loopback only; {@link #close()} stops it.
 */
public final class FaultProxy implements AutoCloseable {

    /**
     * A request the proxy received, its headers, the fault it got, if any, and when it came
     * ({@link System#nanoTime()}).
     */
    public record Exchange(ForwardingProxy.Request request, Map<String, List<String>> headers, Optional<Fault> fault,
            long receivedNanos) {

        /** The values of a header, whatever the case of its name. */
        public List<String> header(String name) {
            return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                    .flatMap(h -> h.getValue().stream()).toList();
        }
    }

    public static final int DEFAULT_MAX_REQUESTS = 5_000;
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(10);
    /** The longest a stalled answer or a silent client is kept. */
    private static final int STALL_LIMIT_MILLIS = 60_000;
    private static final int MAX_HEAD = 64 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};

    private final Upstream upstream;
    private final ServerSocketFactory sockets;
    private final String scheme;
    private final long deadline;
    private final int port;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile FaultPlan plan = FaultPlan.none();
    private ServerSocket listening;
    private boolean limitReported;

    private FaultProxy(URI upstream, ServerSocketFactory sockets, String scheme) throws IOException {
        this.upstream = new Upstream(upstream);
        this.sockets = sockets;
        this.scheme = scheme;
        this.deadline = System.nanoTime() + DEFAULT_LIFETIME.toNanos();
        this.listening = listen(0);
        this.port = listening.getLocalPort();
    }

    /** A plain HTTP proxy in front of a test server. */
    public static FaultProxy in(TestServer server) {
        return start(server, ServerSocketFactory.getDefault(), "http");
    }

    /** An {@code https} proxy in front of a test server: it terminates TLS with {@code context}'s key. */
    public static FaultProxy tls(TestServer server, SSLContext context) {
        return start(server, context.getServerSocketFactory(), "https");
    }

    private static FaultProxy start(TestServer server, ServerSocketFactory sockets, String scheme) {
        try {
            return new FaultProxy(URI.create(server.urlWithoutCredentials()), sockets, scheme);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fault proxy", e);
        }
    }

    /** Breaks requests as {@code plan} says from now on. */
    public FaultProxy plan(FaultPlan plan) {
        this.plan = plan;
        return this;
    }

    /** {@code http://127.0.0.1:PORT} (or {@code https://}). */
    public String url() {
        return scheme + "://127.0.0.1:" + port;
    }

    /** The URL of a database through the proxy, with the credentials of the test server if it needs them. */
    public String urlOf(TestDb db) {
        return Upstream.urlThrough(url(), db);
    }

    /** Stops listening and drops every open connection, as a server that goes down: connections are refused. */
    public synchronized void down() throws IOException {
        listening.close();
        for (Socket connection : connections) {
            closeQuietly(connection);
        }
    }

    /** Listens again on the same port, as a server that came back. */
    public synchronized void up() throws IOException {
        if (listening.isClosed()) {
            listening = listen(port);
        }
    }

    /** Every request received, in order, with its fault. */
    public List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    /** Every request received, in order. */
    public List<ForwardingProxy.Request> requests() {
        return exchanges.stream().map(Exchange::request).toList();
    }

    /** How many requests got a fault. */
    public long faultCount() {
        return exchanges.stream().filter(e -> e.fault().isPresent()).count();
    }

    @Override
    public synchronized void close() {
        closeQuietly(listening);
        for (Socket connection : connections) {
            closeQuietly(connection);
        }
        executor.shutdownNow();
    }

    private ServerSocket listen(int onPort) throws IOException {
        ServerSocket server = sockets.createServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
        executor.execute(() -> accept(server));
        return server;
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                connections.add(connection);
                executor.execute(() -> serve(connection));
            } catch (IOException e) {
                return; // closed by down() or close()
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            connection.setSoTimeout(STALL_LIMIT_MILLIS);
            InputStream in = new BufferedInputStream(connection.getInputStream());
            Head head = Head.read(in);
            if (head == null) {
                return;
            }
            ForwardingProxy.Request request = new ForwardingProxy.Request(head.method, head.target, head.readBody(in));
            Optional<Fault> fault = admit(request, head.headers);
            if (fault.isEmpty() && overLimit()) {
                return;
            }
            OutputStream out = new BufferedOutputStream(connection.getOutputStream());
            Fault f = fault.orElse(null);
            if (f != null && f.kind() == Fault.Kind.REFUSE) {
                return;
            }
            if (f != null && f.kind() == Fault.Kind.STATUS) {
                answer(out, f);
                return;
            }
            if (f != null && f.kind() == Fault.Kind.DELAY) {
                Thread.sleep(f.delay().toMillis());
            }
            HttpResponse<InputStream> response = upstream.send(request, head.headers);
            try (InputStream body = response.body()) {
                if (f == null || f.kind() == Fault.Kind.DELAY) {
                    relay(out, request, response, body);
                } else if (f.kind() == Fault.Kind.STALL) {
                    writeHead(out, response.statusCode(), response.headers().map(), true);
                    out.flush();
                    awaitHangUp(in);
                } else {
                    cut(connection, out, response, body.readAllBytes(), f);
                }
            }
        } catch (IOException e) {
            // The client or the server went away, or down() dropped the connection: nothing to tell.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connections.remove(connection);
        }
    }

    /** Records the request and decides its fault; past the bounds, every request is refused. */
    private synchronized Optional<Fault> admit(ForwardingProxy.Request request, Map<String, List<String>> headers) {
        if (overLimit()) {
            if (!limitReported) {
                limitReported = true;
                System.err.println("FaultProxy " + url() + ": limit of " + DEFAULT_MAX_REQUESTS + " requests or "
                        + DEFAULT_LIFETIME.toMinutes() + " minutes reached; refusing every connection from now on");
            }
            return Optional.empty();
        }
        Optional<Fault> fault = plan.faultFor(request);
        exchanges.add(new Exchange(request, Map.copyOf(headers), fault, System.nanoTime()));
        return fault;
    }

    private boolean overLimit() {
        return exchanges.size() >= DEFAULT_MAX_REQUESTS || System.nanoTime() > deadline;
    }

    private static void answer(OutputStream out, Fault fault) throws IOException {
        byte[] body = ("{\"error\":\"" + errorWord(fault.status()) + "\",\"reason\":\"injected by the test proxy\"}")
                .getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(fault.status()).append(' ')
                .append(reason(fault.status())).append("\r\nContent-Type: application/json\r\nContent-Length: ")
                .append(body.length).append("\r\nConnection: close\r\n");
        if (fault.retryAfter() >= 0) {
            head.append("Retry-After: ").append(fault.retryAfter()).append("\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private void relay(OutputStream out, ForwardingProxy.Request request, HttpResponse<InputStream> response,
            InputStream body) throws IOException {
        boolean hasBody = !request.method().equals("HEAD") && response.statusCode() != 204 && response.statusCode() != 304;
        writeHead(out, response.statusCode(), response.headers().map(), hasBody);
        if (!hasBody) {
            out.flush();
            return;
        }
        byte[] buffer = new byte[8192];
        int n;
        while ((n = body.read(buffer)) > 0 && System.nanoTime() < deadline) {
            writeChunk(out, buffer, 0, n);
            // Streamed as it comes: a waiting feed's heartbeats must reach the client.
            out.flush();
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static void cut(Socket connection, OutputStream out, HttpResponse<InputStream> response, byte[] body,
            Fault fault) throws IOException {
        writeHead(out, response.statusCode(), response.headers().map(), true);
        int sent = body.length <= 1 ? 0 : Math.max(1, Math.min(body.length - 1, (int) (body.length * fault.cut())));
        writeChunk(out, body, 0, sent);
        if (fault.kind() == Fault.Kind.TRUNCATE) {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.flush();
        if (fault.kind() == Fault.Kind.RESET) {
            connection.setSoLinger(true, 0);
        }
    }

    /** Waits until the client hangs up or the stall limit passes. */
    private static void awaitHangUp(InputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                // A client sends nothing more on a connection that will close; keep waiting.
            }
        } catch (SocketTimeoutException e) {
            // Nobody hung up within the limit: end it here.
        }
    }

    private static void writeHead(OutputStream out, int status, Map<String, List<String>> headers, boolean chunked)
            throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        headers.forEach((name, values) -> {
            if (Upstream.isEndToEnd(name) && !name.startsWith(":")) {
                values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n"));
            }
        });
        head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: 0\r\n");
        head.append("Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void writeChunk(OutputStream out, byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return;
        }
        out.write(Integer.toHexString(length).getBytes(StandardCharsets.ISO_8859_1));
        out.write(CRLF);
        out.write(bytes, offset, length);
        out.write(CRLF);
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 413 -> "Request Entity Too Large";
            case 414 -> "Request-URI Too Long";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status " + status;
        };
    }

    private static String errorWord(int status) {
        return switch (status) {
            case 413 -> "too_large";
            case 414 -> "uri_too_long";
            case 429 -> "too_many_requests";
            case 500 -> "internal_server_error";
            case 503 -> "service_unavailable";
            default -> "http_" + status;
        };
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Already closed.
        }
    }

    /** The request line and headers of one request. */
    private record Head(String method, String target, Map<String, List<String>> headers) {

        /** Reads up to the blank line; null when the client closed without sending a request. */
        static Head read(InputStream in) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                bytes.write(b);
                matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
                if (bytes.size() > MAX_HEAD) {
                    throw new IOException("request head over " + MAX_HEAD + " bytes");
                }
            }
            List<String> lines = new ArrayList<>(List.of(bytes.toString(StandardCharsets.ISO_8859_1).split("\r\n")));
            String[] requestLine = lines.remove(0).split(" ");
            if (requestLine.length != 3) {
                throw new IOException("not an HTTP request line");
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(line.substring(0, colon).strip(), k -> new ArrayList<>())
                            .add(line.substring(colon + 1).strip());
                }
            }
            return new Head(requestLine[0], requestLine[1], headers);
        }

        byte[] readBody(InputStream in) throws IOException {
            for (Map.Entry<String, List<String>> header : headers.entrySet()) {
                String name = header.getKey().toLowerCase(Locale.ROOT);
                if (name.equals("transfer-encoding")) {
                    throw new IOException("chunked request bodies are not supported by the fault proxy");
                }
                if (name.equals("content-length")) {
                    return in.readNBytes(Integer.parseInt(header.getValue().get(0)));
                }
            }
            return new byte[0];
        }
    }
}
