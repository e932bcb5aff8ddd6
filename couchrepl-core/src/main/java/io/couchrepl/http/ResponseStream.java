package io.couchrepl.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * An answer's body as framed on its connection (by {@code Content-Length}, in chunks, or up to the
 * connection's close), read under the {@link Watchdog}: each read may wait {@code idleTimeout} for
 * bytes, and an interrupt ends it. Read to its end, the connection goes back to the pool; closed
 * before its end, the connection is closed, the only way to leave an answer midway.
 */
final class ResponseStream extends InputStream {

    /** How the body's end is known. */
    enum Framing { LENGTH, CHUNKED, UNTIL_CLOSE }

    private final HttpConnection connection;
    private final ConnectionPool pool;
    private final Watchdog.Watch watch;
    private final Duration idleTimeout;
    private final String where;
    private final Framing framing;
    private final boolean reusable;
    /** Bytes left in the body (LENGTH) or in the current chunk (CHUNKED). */
    private long left;
    private boolean ended;
    private boolean closed;

    ResponseStream(HttpConnection connection, ConnectionPool pool, Watchdog.Watch watch, Duration idleTimeout,
            String where, Framing framing, long length, boolean reusable) {
        this.connection = connection;
        this.pool = pool;
        this.watch = watch;
        this.idleTimeout = idleTimeout;
        this.where = where;
        this.framing = framing;
        this.reusable = reusable && framing != Framing.UNTIL_CLOSE;
        this.left = framing == Framing.LENGTH ? length : 0;
        if (framing == Framing.LENGTH && length == 0) {
            end();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("response body of " + where + " is closed");
        }
        if (ended) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        watch.arm(idleTimeout.toMillis());
        try {
            return readFramed(b, off, len);
        } catch (IOException e) {
            IOException failure = failure(e);
            close();
            throw failure;
        } finally {
            watch.disarm();
        }
    }

    private int readFramed(byte[] b, int off, int len) throws IOException {
        switch (framing) {
            case UNTIL_CLOSE: {
                int n = connection.read(b, off, len);
                if (n < 0) {
                    end();
                }
                return n;
            }
            case LENGTH: {
                int n = connection.read(b, off, (int) Math.min(len, left));
                if (n < 0) {
                    throw new EOFException("the connection closed with " + left + " bytes of the body still to come");
                }
                left -= n;
                if (left == 0) {
                    end();
                }
                return n;
            }
            default: {
                if (left == 0 && !nextChunk()) {
                    end();
                    return -1;
                }
                int n = connection.read(b, off, (int) Math.min(len, left));
                if (n < 0) {
                    throw new EOFException("the connection closed inside a chunk");
                }
                left -= n;
                if (left == 0) {
                    expectEmptyLine(); // the CRLF after each chunk's data
                }
                return n;
            }
        }
    }

    /** Reads the next chunk's size line; false for the last (empty) chunk, whose trailers it skips. */
    private boolean nextChunk() throws IOException {
        String line = connection.readLine();
        if (line == null) {
            throw new EOFException("the connection closed before the next chunk");
        }
        int semicolon = line.indexOf(';');
        String size = (semicolon >= 0 ? line.substring(0, semicolon) : line).strip();
        try {
            left = Long.parseLong(size, 16);
        } catch (NumberFormatException e) {
            throw new IOException("a chunk size that is not hexadecimal: " + abbreviate(line));
        }
        if (left < 0) {
            throw new IOException("a negative chunk size: " + abbreviate(line));
        }
        if (left > 0) {
            return true;
        }
        String trailer;
        do {
            trailer = connection.readLine();
            if (trailer == null) {
                throw new EOFException("the connection closed inside the trailers");
            }
        } while (!trailer.isEmpty());
        return false;
    }

    private void expectEmptyLine() throws IOException {
        String line = connection.readLine();
        if (line == null) {
            throw new EOFException("the connection closed after a chunk");
        }
        if (!line.isEmpty()) {
            throw new IOException("a chunk longer than its size line says");
        }
    }

    private void end() {
        ended = true;
        watch.done();
        if (reusable) {
            pool.release(connection);
        } else {
            ConnectionPool.closeQuietly(connection);
        }
    }

    private IOException failure(IOException e) {
        switch (watch.cut()) {
            case INTERRUPTED:
                return Transport.interrupted(where, e);
            case SILENT:
                return new StalledResponseException(where + ": the server sent nothing for "
                        + idleTimeout.toSeconds() + " s");
            default:
                return new IOException(where + ": the response broke off (" + Transport.describe(e) + ")", e);
        }
    }

    @Override
    public int available() {
        return 0;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!ended) {
            // Draining the rest could take long: drop the connection instead of reusing it.
            watch.done();
            ConnectionPool.closeQuietly(connection);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
