package io.couchrepl.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A {@code CONNECT} tunnel through an HTTP proxy to an {@code https} server: asks the proxy to
 * connect, reads its answer, and leaves the socket carrying the server's bytes, for TLS to start
 * on. A refusal (407 for missing or wrong proxy credentials, 403, 502) is a
 * {@link CouchHttpException} with the proxy's status and no credentials.
 */
final class ProxyTunnel {

    private static final int MAX_HEAD = 64 * 1024;

    private ProxyTunnel() {}

    /** Opens the tunnel to {@code target} on {@code socket}, connected to {@code proxy}. */
    static void open(Socket socket, Origin target, HttpProxy proxy) throws IOException {
        String authority = target.hostHeaderWithPort();
        StringBuilder head = new StringBuilder(128)
                .append("CONNECT ").append(authority).append(" HTTP/1.1\r\n")
                .append("Host: ").append(authority).append("\r\n")
                .append("User-Agent: couchrepl\r\n");
        proxy.authorization().ifPresent(value -> head.append("Proxy-Authorization: ").append(value).append("\r\n"));
        OutputStream out = socket.getOutputStream();
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String answer = readHead(socket.getInputStream());
        String statusLine = answer.lines().findFirst().orElse("");
        String[] parts = statusLine.split(" ", 3);
        int status;
        try {
            status = parts.length >= 2 && parts[0].startsWith("HTTP/") ? Integer.parseInt(parts[1]) : -1;
        } catch (NumberFormatException e) {
            status = -1;
        }
        if (status < 0) {
            throw new ProtocolException("the proxy " + proxy.shown() + " answered CONNECT with "
                    + (statusLine.length() > 100 ? statusLine.substring(0, 100) + "..." : statusLine));
        }
        if (status / 100 != 2) {
            String reason = parts.length > 2 ? parts[2].strip() : "";
            String error = status == 407 ? "proxy_authentication_required" : "http_" + status;
            throw new CouchHttpException(status, error, reason, "CONNECT", proxy.shown() + " to " + authority);
        }
    }

    /**
     * The proxy's answer up to its blank line, read a byte at a time: what follows belongs to the
     * tunnel, and TLS must find it unread.
     */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(256);
        int last = 0; // the last four bytes, newest lowest
        while (last != 0x0d0a0d0a && (last & 0xffff) != 0x0a0a) { // ends at "\r\n\r\n", or a bare "\n\n"
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the proxy closed the connection without answering CONNECT");
            }
            head.write(b);
            if (head.size() > MAX_HEAD) {
                throw new IOException("the proxy's answer to CONNECT has a head longer than " + MAX_HEAD + " bytes");
            }
            last = (last << 8) | b;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
