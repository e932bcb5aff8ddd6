package io.couchrepl.http;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 connection to a server: its socket (TLS over it for {@code https}), a read buffer
 * that serves both header lines and bodies, and a buffered output. Used by one request at a time.
 * Through a proxy, the socket goes to the proxy: a plain {@code http} request is then sent in
 * absolute form ({@link #proxyAuthorization()}), an {@code https} one through a {@link ProxyTunnel}.
 */
final class HttpConnection implements Closeable {

    private static final int BUFFER = 64 * 1024;
    private static final int MAX_LINE = 64 * 1024;

    private final Origin origin;
    private final Optional<HttpProxy> forwardingProxy;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Socket raw;
    private final InputStream socketIn;
    private final OutputStream out;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int limit;
    private long idleSince;
    private boolean used;

    private HttpConnection(Origin origin, Optional<HttpProxy> forwardingProxy, Runnable onClose, Socket raw,
            Socket socket) throws IOException {
        this.origin = origin;
        this.forwardingProxy = forwardingProxy;
        this.onClose = onClose;
        this.raw = raw;
        this.socketIn = socket.getInputStream();
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    }

    /**
     * Connects to {@code origin} (through {@code proxy} if given) within {@code connectTimeoutMillis};
     * TLS from {@code tls} for https. {@code onClose} runs once, when the connection is closed.
     */
    static HttpConnection open(Origin origin, Optional<HttpProxy> proxy, int connectTimeoutMillis,
            Supplier<SSLSocketFactory> tls, Runnable onClose) throws IOException {
        Origin first = proxy.map(HttpProxy::origin).orElse(origin);
        Socket raw = new Socket();
        try {
            raw.setTcpNoDelay(true);
            raw.connect(new InetSocketAddress(first.hostForSocket(), first.port()), connectTimeoutMillis);
            raw.setSoTimeout(connectTimeoutMillis);
            Socket socket = raw;
            if (proxy.isPresent() && first.isTls()) { // an https proxy: TLS to the proxy first
                socket = tlsOver(socket, first, tls.get());
            }
            if (proxy.isPresent() && origin.isTls()) {
                ProxyTunnel.open(socket, origin, proxy.get());
            }
            if (origin.isTls()) {
                socket = tlsOver(socket, origin, tls.get());
            }
            raw.setSoTimeout(0);
            Optional<HttpProxy> forwarding = origin.isTls() ? Optional.empty() : proxy;
            return new HttpConnection(origin, forwarding, onClose, raw, socket);
        } catch (IOException | RuntimeException e) {
            raw.close();
            onClose.run();
            throw e;
        }
    }

    /** TLS on {@code socket} with {@code origin}, whose certificate must name its host. */
    private static Socket tlsOver(Socket socket, Origin origin, SSLSocketFactory tls) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.createSocket(socket, origin.hostForSocket(), origin.port(), true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name this host
        ssl.setSSLParameters(parameters);
        ssl.startHandshake();
        return ssl;
    }

    /** The {@code Proxy-Authorization} value for requests forwarded by a proxy that asks one. */
    Optional<String> proxyAuthorization() {
        return forwardingProxy.flatMap(HttpProxy::authorization);
    }

    /** Whether requests on it go to a proxy in absolute form. */
    boolean isForwarded() {
        return forwardingProxy.isPresent();
    }

    Origin origin() {
        return origin;
    }

    /** Whether a request was sent on it before: a stale kept-alive connection fails its next request. */
    boolean wasUsed() {
        return used;
    }

    void markUsed() {
        used = true;
    }

    OutputStream out() {
        return out;
    }

    /** Closes the socket under any TLS, which also ends a read blocked on it in another thread. */
    Closeable socket() {
        return raw;
    }

    long idleSince() {
        return idleSince;
    }

    void idleFrom(long nanos) {
        idleSince = nanos;
    }

    /** A line of the answer's head up to CRLF (or LF), without it; null if the connection ended first. */
    String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (pos == limit && !fill()) {
                if (line.length() == 0) {
                    return null;
                }
                throw new EOFException("the connection closed inside a header line");
            }
            byte b = buf[pos++];
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("a header line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) (b & 0xff));
        }
    }

    /** Up to {@code len} bytes of the answer; -1 once the connection has ended. */
    int read(byte[] b, int off, int len) throws IOException {
        if (pos == limit) {
            if (len >= BUFFER) {
                return socketIn.read(b, off, len); // large reads skip the copy
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    private boolean fill() throws IOException {
        int n = socketIn.read(buf, 0, buf.length);
        if (n < 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    /** Bytes sent as Latin-1 (a request line or header), as HTTP/1.1 heads are. */
    void writeAscii(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public void close() throws IOException {
        try {
            raw.close();
        } finally {
            if (closed.compareAndSet(false, true)) {
                onClose.run();
            }
        }
    }
}
