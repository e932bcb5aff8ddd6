package io.couchrepl.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read as a stream whose blocking reads honour interrupts and give up when the
 * server sends nothing for too long.
 *
 * <p>The JDK's own {@code ofInputStream()} ignores an interrupt until the next bytes arrive, so a
 * pause or stop during a long poll would wait for a heartbeat; and a server that stops sending
 * mid-response would hang the replication. Buffers are requested one at a time, so memory stays at
 * what the parser has not consumed yet.
 */
final class ResponseBody implements HttpResponse.BodySubscriber<InputStream> {

    private static final List<ByteBuffer> END = List.of();

    private final BlockingQueue<List<ByteBuffer>> queue = new LinkedBlockingQueue<>();
    private final Duration idleTimeout;
    private final String what;
    private volatile Flow.Subscription subscription;
    private volatile Throwable failure;

    private ResponseBody(Duration idleTimeout, String what) {
        this.idleTimeout = idleTimeout;
        this.what = what;
    }

    static HttpResponse.BodyHandler<InputStream> handler(Duration idleTimeout, String what) {
        return info -> new ResponseBody(idleTimeout, what);
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedFuture(new Stream());
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.offer(item);
    }

    @Override
    public void onError(Throwable throwable) {
        failure = throwable;
        queue.offer(END);
    }

    @Override
    public void onComplete() {
        queue.offer(END);
    }

    private final class Stream extends InputStream {
        private Iterator<ByteBuffer> buffers = List.<ByteBuffer>of().iterator();
        private ByteBuffer current;
        private boolean ended;
        private boolean closed;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, current.remaining());
            current.get(b, off, n);
            return n;
        }

        /** Makes {@code current} hold unread bytes; false at the end of the body. */
        private boolean fill() throws IOException {
            while (current == null || !current.hasRemaining()) {
                if (buffers.hasNext()) {
                    current = buffers.next();
                    continue;
                }
                if (closed) {
                    throw new IOException("response body of " + what + " is closed");
                }
                if (ended) {
                    return false;
                }
                List<ByteBuffer> next;
                try {
                    next = queue.poll(idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    close();
                    InterruptedIOException interrupted = new InterruptedIOException(what + " was interrupted");
                    interrupted.initCause(e);
                    throw interrupted;
                }
                if (next == null) {
                    close();
                    throw new StalledResponseException(what + ": the server sent nothing for "
                            + idleTimeout.toSeconds() + " s");
                }
                if (next == END) {
                    ended = true;
                    if (failure != null) {
                        throw new IOException(what + ": the response broke off (" + failure + ")", failure);
                    }
                    return false;
                }
                buffers = next.iterator();
                subscription.request(1);
            }
            return true;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                if (!ended && subscription != null) {
                    // Cancelling drops the connection, the only way to end a response midway.
                    subscription.cancel();
                }
            }
        }
    }
}
