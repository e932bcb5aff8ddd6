package io.couchrepl.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
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
import java.util.List;
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
            RawHttp.Head head = RawHttp.Head.read(in);
            if (head == null) {
                return;
            }
            ForwardingProxy.Request request = new ForwardingProxy.Request(head.method(), head.target(), head.readBody(in));
            Optional<Fault> fault = admit(request, head.headers());
            if (fault.isEmpty() && overLimit()) {
                return;
            }
            OutputStream out = new BufferedOutputStream(connection.getOutputStream());
            Fault f = fault.orElse(null);
            if (f != null && f.kind() == Fault.Kind.REFUSE) {
                return;
            }
            if (f != null && f.kind() == Fault.Kind.STATUS) {
                RawHttp.answer(out, f);
                return;
            }
            if (f != null && f.kind() == Fault.Kind.DELAY) {
                Thread.sleep(f.delay().toMillis());
            }
            HttpResponse<InputStream> response = upstream.send(request, head.headers());
            try (InputStream body = response.body()) {
                if (f == null || f.kind() == Fault.Kind.DELAY) {
                    relay(out, request, response, body);
                } else if (f.kind() == Fault.Kind.STALL) {
                    RawHttp.writeHead(out, response.statusCode(), response.headers().map(), true);
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

    private void relay(OutputStream out, ForwardingProxy.Request request, HttpResponse<InputStream> response,
            InputStream body) throws IOException {
        boolean hasBody = !request.method().equals("HEAD") && response.statusCode() != 204 && response.statusCode() != 304;
        RawHttp.writeHead(out, response.statusCode(), response.headers().map(), hasBody);
        if (!hasBody) {
            out.flush();
            return;
        }
        byte[] buffer = new byte[8192];
        int n;
        while ((n = body.read(buffer)) > 0 && System.nanoTime() < deadline) {
            RawHttp.writeChunk(out, buffer, 0, n);
            // Streamed as it comes: a waiting feed's heartbeats must reach the client.
            out.flush();
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static void cut(Socket connection, OutputStream out, HttpResponse<InputStream> response, byte[] body,
            Fault fault) throws IOException {
        RawHttp.writeHead(out, response.statusCode(), response.headers().map(), true);
        int sent = body.length <= 1 ? 0 : Math.max(1, Math.min(body.length - 1, (int) (body.length * fault.cut())));
        RawHttp.writeChunk(out, body, 0, sent);
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

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Already closed.
        }
    }
}
