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
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 connection to a server: its socket (TLS over it for {@code https}), a read buffer
 * that serves both header lines and bodies, and a buffered output. Used by one request at a time.
 */
final class HttpConnection implements Closeable {

    private static final int BUFFER = 64 * 1024;
    private static final int MAX_LINE = 64 * 1024;

    private final Origin origin;
    private final Socket raw;
    private final InputStream socketIn;
    private final OutputStream out;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int limit;
    private long idleSince;
    private boolean used;

    private HttpConnection(Origin origin, Socket raw, Socket socket) throws IOException {
        this.origin = origin;
        this.raw = raw;
        this.socketIn = socket.getInputStream();
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    }

    /** Connects to {@code origin} within {@code connectTimeoutMillis}; TLS from {@code tls} for https. */
    static HttpConnection open(Origin origin, int connectTimeoutMillis, SSLSocketFactory tls) throws IOException {
        Socket raw = new Socket();
        try {
            raw.setTcpNoDelay(true);
            raw.connect(new InetSocketAddress(origin.hostForSocket(), origin.port()), connectTimeoutMillis);
            if (!origin.isTls()) {
                return new HttpConnection(origin, raw, raw);
            }
            SSLSocket ssl = (SSLSocket) tls.createSocket(raw, origin.hostForSocket(), origin.port(), true);
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name this host
            ssl.setSSLParameters(parameters);
            raw.setSoTimeout(connectTimeoutMillis);
            ssl.startHandshake();
            raw.setSoTimeout(0);
            return new HttpConnection(origin, raw, ssl);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
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
        raw.close();
    }
}
