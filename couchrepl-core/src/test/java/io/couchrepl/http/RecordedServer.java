package io.couchrepl.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A loopback HTTP server that gives the answers recorded from CouchDB 3.5.0
 * (../shared/couchdb/EXCHANGES.md) and records what it was asked: the one protocol call under test
 * talks to it as it talks to CouchDB, without the server it could not make answer these on demand.
 */
final class RecordedServer implements AutoCloseable {

    /** One request as it arrived. */
    record Request(String method, String pathAndQuery, String body) {}

    /** One recorded answer. */
    record Answer(int status, String contentType, byte[] body) {
        static Answer json(int status, String json) {
            return new Answer(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The welcome of 1.1, so the client knows it talks to CouchDB. */
    static final String WELCOME = "{\"couchdb\":\"Welcome\",\"version\":\"3.5.0\",\"git_sha\":\"11f0d36\","
            + "\"uuid\":\"12b3b346c8eee934cc6f8a7320d42532\",\"vendor\":{\"name\":\"The Apache Software Foundation\"}}";

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private RecordedServer(Function<Request, Answer> answers) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            Request request = new Request(exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Answer answer = request.pathAndQuery().equals("/") ? Answer.json(200, WELCOME) : answers.apply(request);
            if (!request.pathAndQuery().equals("/")) {
                requests.add(request);
            }
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        });
        server.start();
    }

    /** A server that answers each request (but {@code GET /}) with what {@code answers} gives. */
    static RecordedServer answering(Function<Request, Answer> answers) throws IOException {
        return new RecordedServer(answers);
    }

    /** A client of database {@code db} on this server, retrying nothing. */
    CouchClient client(String db) {
        return new CouchClient(CouchUrl.parse("http://127.0.0.1:" + server.getAddress().getPort() + "/" + db),
                ClientOptions.builder().retry(io.couchrepl.RetryPolicy.none()).build());
    }

    /** The requests of the call under test, in order ({@code GET /} left out). */
    List<Request> requests() {
        return requests;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
