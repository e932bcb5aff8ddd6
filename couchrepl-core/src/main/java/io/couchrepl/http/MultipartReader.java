package io.couchrepl.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a MIME multipart body (RFC 2046) part by part, each part's body a stream that ends at the
 * next delimiter. Only a small window is buffered, so a part of hundreds of megabytes streams through.
 *
 * <p>Tolerates what CouchDB sends: a preamble (the {@code _bulk_get} answer starts with a CRLF),
 * boundaries that themselves start with {@code --}, and a closing delimiter with or without a
 * trailing CRLF. A part is read, or skipped, before the next one is asked for.
 */
final class MultipartReader {

    /** One part: its headers (names lower-cased) and its body, which ends at the next delimiter. */
    record Part(Map<String, String> headers, InputStream body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        ContentType contentType() {
            String value = header("content-type");
            return ContentType.parse(value == null ? "text/plain" : value);
        }
    }

    private static final int WINDOW = 64 * 1024;
    private static final int MAX_HEADER_LINE = 16 * 1024;

    private final InputStream in;
    private final byte[] delimiter;
    private final String what;
    private byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    /** Positions before this one hold no start of a delimiter (saves rescanning after short reads). */
    private int scanned;
    private PartBody current;
    private boolean started;
    private boolean finished;

    MultipartReader(InputStream in, String boundary, String what) {
        this.in = in;
        this.what = what;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buf = new byte[Math.max(WINDOW, delimiter.length * 4)];
        // The first delimiter may open the body without a CRLF before it: pretend there was one.
        buf[0] = '\r';
        buf[1] = '\n';
        limit = 2;
    }

    /** The next part, or null after the closing delimiter; an unread rest of the previous part is skipped. */
    Part next() throws IOException {
        if (finished) {
            return null;
        }
        if (!started) {
            started = true;
            new PartBody().transferTo(OutputStream.nullOutputStream()); // the preamble
        } else if (current != null) {
            current.transferTo(OutputStream.nullOutputStream());
        }
        current = null;
        if (!ensure(2)) {
            throw brokeOff("the body ended without a closing delimiter");
        }
        if (buf[pos] == '-' && buf[pos + 1] == '-') {
            finished = true;
            return null;
        }
        readLine(); // transport padding after the boundary, up to its CRLF
        Map<String, String> headers = new HashMap<>();
        String name = null;
        while (true) {
            String line = readLine();
            if (line.isEmpty()) {
                break;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                headers.merge(name, " " + line.strip(), String::concat);
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw malformed("a part header is not \"Name: value\": " + abbreviate(line));
            }
            name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            headers.put(name, line.substring(colon + 1).strip());
        }
        current = new PartBody();
        return new Part(Map.copyOf(headers), current);
    }

    /** Makes at least {@code n} unread bytes available; false if the input ends first. */
    private boolean ensure(int n) throws IOException {
        while (limit - pos < n && !eof) {
            if (pos == limit || pos + n > buf.length) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                scanned = Math.max(0, scanned - pos);
                pos = 0;
                if (n > buf.length) {
                    buf = Arrays.copyOf(buf, Math.max(n, buf.length * 2));
                }
            }
            int read = in.read(buf, limit, buf.length - limit);
            if (read < 0) {
                eof = true;
            } else {
                limit += read;
            }
        }
        return limit - pos >= n;
    }

    /**
     * One header line, decoded as UTF-8: CouchDB writes attachment names raw into
     * {@code Content-Disposition}, so a name outside ASCII arrives as its UTF-8 bytes.
     */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            if (!ensure(1)) {
                throw brokeOff("the body ended inside part headers");
            }
            byte b = buf[pos++];
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_HEADER_LINE) {
                throw malformed("a part header line is longer than " + MAX_HEADER_LINE + " bytes");
            }
            line.write(b);
        }
    }

    /** Where the next delimiter starts in the buffer, or -1 if not within the bytes buffered. */
    private int findDelimiter() {
        int last = limit - delimiter.length;
        for (int i = Math.max(pos, scanned); i <= last; i++) {
            if (buf[i] == delimiter[0] && matchesAt(i)) {
                return i;
            }
        }
        scanned = Math.max(pos, last + 1);
        return -1;
    }

    private boolean matchesAt(int i) {
        for (int k = 1; k < delimiter.length; k++) {
            if (buf[i + k] != delimiter[k]) {
                return false;
            }
        }
        return true;
    }

    /** The answer stopped before its end: it broke off on the way, so asking again may help. */
    private EOFException brokeOff(String problem) {
        return new EOFException(what + ": the multipart answer broke off: " + problem);
    }

    private MalformedResponseException malformed(String problem) {
        return new MalformedResponseException(what + ": malformed multipart body: " + problem);
    }

    private static String abbreviate(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }

    /** The body of the current part: the bytes up to the next delimiter, which it consumes at its end. */
    private final class PartBody extends InputStream {
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            while (true) {
                // Ask for a reasonable window, so that large parts stream in large pieces.
                ensure(Math.min(len, WINDOW / 2) + delimiter.length);
                int at = findDelimiter();
                if (at == pos) {
                    pos += delimiter.length;
                    scanned = pos;
                    ended = true;
                    return -1;
                }
                // Bytes before a delimiter, or that cannot be the start of one, are the part's.
                int safe = at >= 0 ? at - pos : Math.max(0, limit - pos - (delimiter.length - 1));
                if (safe > 0) {
                    int n = Math.min(len, safe);
                    System.arraycopy(buf, pos, b, off, n);
                    pos += n;
                    return n;
                }
                if (eof) {
                    throw brokeOff("the body ended inside a part, before the next delimiter");
                }
                // Fewer bytes buffered than a delimiter is long: ask for more.
                ensure(limit - pos + 1);
            }
        }

        @Override
        public int available() {
            return 0;
        }

        @Override
        public void close() {
            // The reader owns the underlying stream; next() skips what is left of this part.
        }
    }
}
