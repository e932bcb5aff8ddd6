package io.couchrepl.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * A proxy on 127.0.0.1 in front of a real test server, for what no server does on demand: answer
 * some requests itself ({@link #answer}) or rewrite the server's answers ({@link #rewrite},
 * {@link #rewriteBytes}). Everything else is forwarded as it is, streamed. It records every request
 * and how many body bytes each answer carried ({@link #responses()}). Loopback only;
 * {@link #close()} stops it.
 */
public final class ForwardingProxy implements AutoCloseable {

    /** A request as the proxy sees it: method, path with query (still encoded), body. */
    public record Request(String method, String pathAndQuery, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The path without the query. */
        public String path() {
            int q = pathAndQuery.indexOf('?');
            return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        }
    }

    /** What the proxy answered to a request: the status and how many body bytes it sent. */
    public record Response(Request request, int status, long bodyBytes) {}

    /** An answer the proxy gives instead of the server. */
    public record Answer(int status, String contentType, String body) {
        public static Answer json(int status, String body) {
            return new Answer(status, "application/json", body);
        }
    }

    /** Decides whether the proxy answers a request itself. */
    @FunctionalInterface
    public interface Responder {
        Optional<Answer> answer(Request request);
    }

    private final Upstream upstream;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<Responder> responders = new CopyOnWriteArrayList<>();
    private final List<Map.Entry<Responder, UnaryOperator<byte[]>>> rewriters = new CopyOnWriteArrayList<>();
    private final List<Request> seen = new CopyOnWriteArrayList<>();
    private volatile UnaryOperator<String> requestRewrite = UnaryOperator.identity();
    private final List<Response> answered = new CopyOnWriteArrayList<>();

    private ForwardingProxy(URI upstream) throws IOException {
        this.upstream = new Upstream(upstream);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** A proxy in front of a server given by its base URL without credentials ({@code http://127.0.0.1:5984}). */
    public static ForwardingProxy in(String upstreamBaseUrl) {
        try {
            return new ForwardingProxy(URI.create(upstreamBaseUrl));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test proxy", e);
        }
    }

    /** A proxy in front of a test server. */
    public static ForwardingProxy in(TestServer server) {
        return in(server.urlWithoutCredentials());
    }

    /** The proxy's base URL, {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The URL of a database through the proxy, with the credentials of the test server if it needs them. */
    public String urlOf(TestDb db) {
        return Upstream.urlThrough(url(), db);
    }

    /** Answers matching requests itself. */
    public ForwardingProxy answer(Responder responder) {
        responders.add(responder);
        return this;
    }

    /** Rewrites the text of the server's answers to requests the selector picks (any non-empty answer picks). */
    public ForwardingProxy rewrite(Responder selector, UnaryOperator<String> rewrite) {
        return rewriteBytes(selector, bytes -> rewrite.apply(new String(bytes, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Rewrites the bytes of the server's answers (binary multipart ones too) to requests the selector picks. */
    public ForwardingProxy rewriteBytes(Responder selector, UnaryOperator<byte[]> rewrite) {
        rewriters.add(Map.entry(selector, rewrite));
        return this;
    }

    /** Rewrites the path and query of every request before it is forwarded (and before it is recorded). */
    public ForwardingProxy rewriteRequests(UnaryOperator<String> pathAndQuery) {
        this.requestRewrite = pathAndQuery;
        return this;
    }

    /** Every request the proxy received, in order. */
    public List<Request> requests() {
        return List.copyOf(seen);
    }

    /** Every answer the proxy finished sending, in order of completion. */
    public List<Response> responses() {
        return List.copyOf(answered);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Request request = new Request(exchange.getRequestMethod(), requestRewrite.apply(exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery())),
                    body);
            seen.add(request);
            for (Responder responder : responders) {
                Optional<Answer> answer = responder.answer(request);
                if (answer.isPresent()) {
                    byte[] bytes = answer.get().body().getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", answer.get().contentType());
                    exchange.sendResponseHeaders(answer.get().status(), bytes.length == 0 ? -1 : bytes.length);
                    exchange.getResponseBody().write(bytes);
                    answered.add(new Response(request, answer.get().status(), bytes.length));
                    return;
                }
            }
            forward(exchange, request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void forward(HttpExchange exchange, Request request) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = upstream.send(request, exchange.getRequestHeaders());
        response.headers().map().forEach((name, values) -> {
            if (Upstream.isEndToEnd(name)) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        UnaryOperator<byte[]> rewrite = null;
        for (Map.Entry<Responder, UnaryOperator<byte[]>> rewriter : rewriters) {
            if (rewriter.getKey().answer(request).isPresent()) {
                rewrite = rewriter.getValue();
            }
        }
        try (InputStream in = response.body()) {
            if (rewrite != null) {
                byte[] bytes = rewrite.apply(in.readAllBytes());
                exchange.sendResponseHeaders(response.statusCode(), bytes.length == 0 ? -1 : bytes.length);
                exchange.getResponseBody().write(bytes);
                answered.add(new Response(request, response.statusCode(), bytes.length));
                return;
            }
            exchange.sendResponseHeaders(response.statusCode(), 0);
            OutputStream body = exchange.getResponseBody();
            byte[] buffer = new byte[8192];
            long sent = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                body.write(buffer, 0, n);
                body.flush();
                sent += n;
            }
            answered.add(new Response(request, response.statusCode(), sent));
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** A responder picking requests whose path (before the query) ends with the given text. */
    public static Responder pathEndsWith(String suffix, Answer answer) {
        return request -> request.path().endsWith(suffix) ? Optional.of(answer) : Optional.empty();
    }
}
