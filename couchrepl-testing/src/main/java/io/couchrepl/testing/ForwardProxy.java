package io.couchrepl.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A forward HTTP proxy on 127.0.0.1, as companies run them: requests in absolute form
 * ({@code GET http://host:port/db HTTP/1.1}) are forwarded, {@code CONNECT host:port} opens a
 * tunnel for TLS. It records every request it sees with its headers ({@link #requests()}), may
 * require {@code Proxy-Authorization: Basic} ({@link #requiring}), and resolves host names of its
 * own ({@link #resolving}): a URL with such a name is reachable through this proxy only, which
 * proves a client sent everything through it. Each forwarded request gets a connection of its own
 * ({@code Connection: close}). {@link #close()} stops it.
 */
public final class ForwardProxy implements AutoCloseable {

    /** A request as the proxy saw it: method, target (absolute URL, or host:port for CONNECT), headers by lower-case name. */
    public record Seen(String method, String target, Map<String, String> headers) {
        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    private final ServerSocket server;
    private final String expectedAuthorization;
    private final Map<String, String> hosts = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<Seen> refused = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger mostActive = new AtomicInteger();
    private volatile boolean closed;
    private volatile Duration answerDelay = Duration.ZERO;

    private final boolean tls;

    private ForwardProxy(String expectedAuthorization, SSLContext tls) throws IOException {
        this.expectedAuthorization = expectedAuthorization;
        this.tls = tls != null;
        this.server = tls == null ? new ServerSocket(0, 50, InetAddress.getLoopbackAddress())
                : tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "forward-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy that asks for no credentials. */
    public static ForwardProxy start() {
        return create(null, null);
    }

    /** A proxy reached over TLS ({@code https://} proxy URL) with the key and certificate of {@code tls}. */
    public static ForwardProxy overTls(SSLContext tls) {
        return create(null, tls);
    }

    /** A proxy that answers 407 unless a request carries {@code Proxy-Authorization: Basic} of this user and password. */
    public static ForwardProxy requiring(String user, String password) {
        return create("Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)),
                null);
    }

    private static ForwardProxy create(String authorization, SSLContext tls) {
        try {
            return new ForwardProxy(authorization, tls);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the forward proxy", e);
        }
    }

    /** Resolves {@code name} to {@code address} (such as 127.0.0.1) for the requests it forwards. */
    public ForwardProxy resolving(String name, String address) {
        hosts.put(name.toLowerCase(Locale.ROOT), address);
        return this;
    }

    /**
     * Holds each forwarded request for {@code delay} before passing it on, so that requests a client
     * sends together are surely in flight together, however fast the server answers.
     */
    public ForwardProxy delaying(Duration delay) {
        this.answerDelay = delay;
        return this;
    }

    /** {@code http://127.0.0.1:PORT}, or {@code https://} for a proxy over TLS. */
    public String url() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + server.getLocalPort();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Every request the proxy accepted (authenticated if it requires so), in order. */
    public List<Seen> requests() {
        return List.copyOf(seen);
    }

    /** The most client connections that were open at once (each forwarded request has one of its own). */
    public int mostConnectionsAtOnce() {
        return mostActive.get();
    }

    /** Requests answered 407. */
    public List<Seen> refused() {
        return List.copyOf(refused);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread thread = new Thread(() -> serve(client), "forward-proxy-conn");
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("forward proxy: accept failed: " + e);
                }
                return;
            }
        }
    }

    private void serve(Socket client) {
        mostActive.accumulateAndGet(active.incrementAndGet(), Math::max);
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            List<String> head = readHead(in);
            if (head.isEmpty()) {
                return;
            }
            String[] requestLine = head.get(0).split(" ");
            Map<String, String> headers = new TreeMap<>();
            for (String line : head.subList(1, head.size())) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
                }
            }
            Seen request = new Seen(requestLine[0], requestLine.length > 1 ? requestLine[1] : "", Map.copyOf(headers));
            if (expectedAuthorization != null && !expectedAuthorization.equals(headers.get("proxy-authorization"))) {
                refused.add(request);
                out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                        + "Content-Type: text/plain\r\nContent-Length: 23\r\nConnection: close\r\n\r\n"
                        + "proxy needs credentials").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return;
            }
            seen.add(request);
            if (request.method().equals("CONNECT")) {
                tunnel(request.target(), in, out);
            } else {
                forward(request, head, in, out);
            }
        } catch (IOException e) {
            // The client or the server went away: nothing more to relay.
        } finally {
            active.decrementAndGet();
            open.remove(client);
        }
    }

    private void tunnel(String authority, InputStream in, OutputStream out) throws IOException {
        int colon = authority.lastIndexOf(':');
        try (Socket upstream = connect(authority.substring(0, colon), Integer.parseInt(authority.substring(colon + 1)))) {
            out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread back = new Thread(() -> pipe(quietly(upstream), out), "forward-proxy-tunnel");
            back.setDaemon(true);
            back.start();
            pipe(in, upstream.getOutputStream());
            upstream.shutdownOutput();
            back.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void forward(Seen request, List<String> head, InputStream in, OutputStream out) throws IOException {
        URI target = URI.create(request.target());
        if (target.getHost() == null) {
            out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            return;
        }
        int port = target.getPort() < 0 ? 80 : target.getPort();
        if (!answerDelay.isZero()) {
            try {
                Thread.sleep(answerDelay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while holding a request", e);
            }
        }
        try (Socket upstream = connect(target.getHost(), port)) {
            StringBuilder sent = new StringBuilder(request.method()).append(' ').append(target.getRawPath())
                    .append(target.getRawQuery() == null ? "" : "?" + target.getRawQuery()).append(" HTTP/1.1\r\n");
            for (String line : head.subList(1, head.size())) {
                String name = line.substring(0, Math.max(0, line.indexOf(':'))).strip().toLowerCase(Locale.ROOT);
                if (!name.equals("proxy-authorization") && !name.equals("proxy-connection") && !name.equals("connection")) {
                    sent.append(line).append("\r\n");
                }
            }
            OutputStream up = upstream.getOutputStream();
            up.write(sent.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            long length = Long.parseLong(request.header("Content-Length").orElse("0"));
            copy(in, up, length);
            up.flush();
            InputStream answer = new BufferedInputStream(upstream.getInputStream());
            List<String> answerHead = readHead(answer);
            StringBuilder relayed = new StringBuilder();
            for (String line : answerHead) {
                if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                    relayed.append(line).append("\r\n");
                }
            }
            out.write(relayed.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            answer.transferTo(out);
            out.flush();
        }
    }

    private Socket connect(String host, int port) throws IOException {
        String address = hosts.getOrDefault(host.toLowerCase(Locale.ROOT), host);
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(address, port), 10_000);
        open.add(socket);
        return socket;
    }

    private static InputStream quietly(Socket socket) {
        try {
            return socket.getInputStream();
        } catch (IOException e) {
            return InputStream.nullInputStream();
        }
    }

    private static void pipe(InputStream in, OutputStream out) {
        byte[] buffer = new byte[16 * 1024];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: the tunnel ends
        }
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("the request body ended early");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    /** Lines up to the blank line; empty if the connection closed first. */
    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                if (text.endsWith("\r")) {
                    text = text.substring(0, text.length() - 1);
                }
                if (text.isEmpty()) {
                    return lines;
                }
                lines.add(text);
                line.reset();
            } else {
                line.write(b);
            }
        }
        return List.of();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
