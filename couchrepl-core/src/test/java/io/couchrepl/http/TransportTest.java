package io.couchrepl.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.couchrepl.RetryPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/1.1 edge on the wire: what a server may do that CouchDB does only now and then (close a
 * kept-alive connection, stall mid-answer, cut an answer short) and what a replication asks of it
 * (an interrupt ends a blocked read). A loopback socket plays the server, byte for byte.
 */
class TransportTest {

    /** Answers each request read on a connection with what {@code script} writes for it. */
    interface Script {
        void answer(int connection, int request, String head, OutputStream out) throws Exception;
    }

    private ServerSocket listening;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> heads = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws IOException {
        if (listening != null) {
            listening.close();
        }
    }

    private URI serve(Script script) throws IOException {
        listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket socket = listening.accept();
                    int n = connections.incrementAndGet();
                    Thread t = new Thread(() -> converse(socket, n, script));
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return URI.create("http://127.0.0.1:" + listening.getLocalPort() + "/db");
    }

    private void converse(Socket socket, int connection, Script script) {
        try (socket) {
            InputStream in = socket.getInputStream();
            for (int request = 1; ; request++) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                heads.add(head);
                int length = contentLength(head);
                in.readNBytes(length);
                script.answer(connection, request, head, socket.getOutputStream());
                if (socket.isClosed()) {
                    return;
                }
            }
        } catch (Exception ignored) {
            // The test's client went away.
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).strip());
            }
        }
        return 0;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static Transport transport(Duration idle) {
        return new Transport(ClientOptions.builder().retry(RetryPolicy.none()).idleTimeout(idle).build());
    }

    private static String read(Response response) throws IOException {
        try (InputStream body = response.body()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aKeptAliveConnectionIsReusedAndOneTheServerClosedIsReplacedUnseen() throws Exception {
        URI uri = serve((connection, request, head, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
            if (request == 2) {
                out.close(); // a server's keep-alive timeout, with no word to the client
            }
        });
        Transport transport = transport(Duration.ofSeconds(5));

        for (int i = 0; i < 3; i++) {
            assertThat(read(transport.send(new Request("GET", uri), "GET db"))).isEqualTo("{}");
        }

        assertThat(heads).hasSize(3);
        assertThat(connections.get()).as("one reused, then one new after the server closed it").isEqualTo(2);
        assertThat(heads.get(0)).startsWith("GET /db HTTP/1.1\r\n").contains("\r\nHost: 127.0.0.1:");
    }

    @Test
    void chunkedAnswersAndAnUploadArriveWhole() throws Exception {
        URI uri = serve((connection, request, head, out) -> write(out, "HTTP/1.1 201 Created\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n4;ext=1\r\n{\"ok\r\n6\r\n\":true\r\n1\r\n}\r\n0\r\nTrailer: x\r\n\r\n"));
        Transport transport = transport(Duration.ofSeconds(5));
        byte[] json = "{\"docs\":[]}".getBytes(StandardCharsets.UTF_8);

        Response response = transport.send(new Request("POST", uri.resolve("/db/_bulk_docs"))
                .body(CouchClient.Upload.json(json)), "POST db");

        assertThat(response.status()).isEqualTo(201);
        assertThat(read(response)).isEqualTo("{\"ok\":true}");
        assertThat(heads.get(0)).contains("Content-Length: 11\r\n", "Content-Type: application/json\r\n");
        // The connection went back to the pool at the body's end: the next request reuses it.
        transport.send(new Request("GET", uri), "GET db").body().close();
        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void anAnswerShorterThanItsLengthBrokeOff() throws Exception {
        URI uri = serve((connection, request, head, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"rows\":[");
            out.close();
        });

        Response response = transport(Duration.ofSeconds(5)).send(new Request("GET", uri), "GET db");

        assertThatThrownBy(() -> read(response)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("GET db: the response broke off (");
    }

    @Test
    void aServerSilentMidAnswerStallsAfterTheIdleTimeout() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        URI uri = serve((connection, request, head, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{\"\r\n");
            done.await(30, TimeUnit.SECONDS);
        });
        try {
            Response response = transport(Duration.ofSeconds(1)).send(new Request("GET", uri), "GET db");
            long started = System.nanoTime();

            assertThatThrownBy(() -> read(response)).isInstanceOf(StalledResponseException.class)
                    .hasMessage("GET db: the server sent nothing for 1 s");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
        } finally {
            done.countDown();
        }
    }

    @Test
    void anInterruptEndsAReadBlockedOnASilentServer() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        URI uri = serve((connection, request, head, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            done.await(30, TimeUnit.SECONDS); // a long poll's heartbeat that is far away
        });
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch reading = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try {
                Response response = transport(Duration.ofSeconds(60)).send(new Request("GET", uri), "GET db");
                reading.countDown();
                read(response);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        try {
            reader.start();
            assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
            reader.interrupt();
            reader.join(10_000);

            assertThat(reader.isAlive()).as("still blocked after the interrupt").isFalse();
            assertThat(failure.get()).isInstanceOf(InterruptedIOException.class).hasMessage("GET db was interrupted");
        } finally {
            done.countDown();
        }
    }

    @Test
    void nothingListeningIsOneLineSayingWhere() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }

        assertThatThrownBy(() -> transport(Duration.ofSeconds(5))
                .send(new Request("GET", URI.create("http://127.0.0.1:" + port + "/db")), "GET db"))
                .isInstanceOf(IOException.class)
                .hasMessage("GET db: cannot connect to http://127.0.0.1:" + port + " (connection refused)");
    }
}
