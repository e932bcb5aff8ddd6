package io.couchrepl.http;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Multipart answers recorded from CouchDB 3.5.0 (../shared/couchdb/EXCHANGES.md, sections 4.3 and
 * 5.2), byte for byte, and a stream that hands them out in small pieces.
 */
final class Recorded {

    private Recorded() {}

    /** The 32 bytes of {@code b.bin}: 0x00 to 0x0f twice. */
    static final byte[] B_BIN = bytes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
            0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);

    /** {@code a.txt} as CouchDB stores it: "hello attachment A\n", gzip-encoded (39 bytes). */
    static final byte[] A_TXT_GZIP = bytes(0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x03, 0xcb, 'H', 0xcd, 0xc9, 0xc9, 'W',
            'H', ',', ')', 'I', 'L', 0xce, 0xc8, 'M', 0xcd, '+', 'Q', 'p', 0xe4, 0x02, 0, 'F', 0x15, 0xb2, 0xbb,
            0x13, 0, 0, 0);

    static final String PLAIN = "{\"_id\":\"plain\",\"_rev\":\"2-d0df861eb528e79690cd2ff3c4d394f3\",\"v\":2,"
            + "\"_revisions\":{\"start\":2,\"ids\":[\"d0df861eb528e79690cd2ff3c4d394f3\",\"7a7e4b29f3af401e69b6f86e4c26b727\"]}}";

    static final String ATT = "{\"_id\":\"att\",\"_rev\":\"2-4b65d9dfa7844c32d72b8453f6192eea\",\"title\":\"with attachments\","
            + "\"_revisions\":{\"start\":2,\"ids\":[\"4b65d9dfa7844c32d72b8453f6192eea\",\"a9b3ecc824a589566a86ad2a605ad1cc\"]},"
            + "\"_attachments\":{\"b.bin\":{\"content_type\":\"application/octet-stream\",\"revpos\":2,"
            + "\"digest\":\"md5-e6CPv/qPMDJ50TwBgu72pw==\",\"length\":32,\"follows\":true},"
            + "\"a.txt\":{\"content_type\":\"text/plain\",\"revpos\":1,\"digest\":\"md5-mj7fZWySzM7oJ+UY8ea8Vw==\","
            + "\"length\":19,\"follows\":true,\"encoding\":\"gzip\",\"encoded_length\":39}}}";

    static final String DEL = "{\"_id\":\"del\",\"_rev\":\"2-d9b15b235a7d0afdfe6058d5fb8afbd1\",\"_deleted\":true,"
            + "\"_revisions\":{\"start\":2,\"ids\":[\"d9b15b235a7d0afdfe6058d5fb8afbd1\",\"7a7e4b29f3af401e69b6f86e4c26b727\"]}}";

    /** {@code Content-Type} of the {@code _bulk_get} answer (4.3): the boundary itself starts with {@code --}. */
    static final String BULK_GET_TYPE = "multipart/mixed; boundary=\"--c58e17d2d06f46434ee4546d68eec43e\"";

    /** The {@code _bulk_get} answer of 4.3: a leading CRLF, a bare doc, a related doc, an error, a tombstone. */
    static byte[] bulkGet() {
        String outer = "----c58e17d2d06f46434ee4546d68eec43e";
        String inner = "----5984e7c4a5322fd5e793b84c6552ed1e";
        Bytes b = new Bytes();
        b.text("\r\n" + outer + "\r\nContent-Type: application/json\r\n\r\n" + PLAIN + "\r\n");
        b.text(outer + "\r\nX-Doc-Id: att\r\nX-Rev-Id: 2-4b65d9dfa7844c32d72b8453f6192eea\r\n"
                + "Content-Type: multipart/related; boundary=--5984e7c4a5322fd5e793b84c6552ed1e\r\n\r\n");
        related(b, inner);
        b.text(outer + "\r\nContent-Type: application/json; error=\"true\"\r\n\r\n"
                + "{\"rev\":\"3-ffffffffffffffffffffffffffffffff\",\"error\":\"not_found\",\"reason\":\"missing\"}\r\n");
        b.text(outer + "\r\nContent-Type: application/json\r\n\r\n" + DEL + "\r\n");
        b.text(outer + "--\r\n");
        return b.toByteArray();
    }

    /** {@code Content-Type} of the {@code open_revs} answer (5.2): a plain 32-hex boundary. */
    static final String OPEN_REVS_TYPE = "multipart/mixed; boundary=\"282a7b160dd8e969194cc6db5eabf5ee\"";

    /** The {@code open_revs} answer of 5.2: no leading CRLF, no CRLF after the closing delimiter. */
    static byte[] openRevs() {
        String outer = "--282a7b160dd8e969194cc6db5eabf5ee";
        String inner = "--1e7c4620cf0dffb908dc7176b40ed23f";
        Bytes b = new Bytes();
        b.text(outer + "\r\nContent-Type: multipart/related; boundary=\"1e7c4620cf0dffb908dc7176b40ed23f\"\r\n\r\n");
        related(b, inner);
        b.text(outer + "\r\nContent-Type: application/json; error=\"true\"\r\n\r\n"
                + "{\"missing\":\"3-ffffffffffffffffffffffffffffffff\"}\r\n");
        b.text(outer + "--");
        return b.toByteArray();
    }

    /** The {@code att} document followed by its two attachment parts, as both answers send it. */
    private static void related(Bytes b, String inner) {
        b.text(inner + "\r\nContent-Type: application/json\r\n\r\n" + ATT + "\r\n");
        b.text(inner + "\r\nContent-Disposition: attachment; filename=\"b.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Length: 32\r\n\r\n");
        b.raw(B_BIN).text("\r\n");
        b.text(inner + "\r\nContent-Disposition: attachment; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n"
                + "Content-Length: 39\r\nContent-Encoding: gzip\r\n\r\n");
        b.raw(A_TXT_GZIP).text("\r\n");
        b.text(inner + "--\r\n");
    }

    /** A stream over {@code bytes} that yields at most {@code piece} bytes per read, as a slow network does. */
    static InputStream inPieces(byte[] bytes, int piece) {
        return new FilterInputStream(new java.io.ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, piece));
            }
        };
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static final class Bytes extends ByteArrayOutputStream {
        Bytes text(String s) {
            writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
            return this;
        }

        Bytes raw(byte[] bytes) {
            writeBytes(bytes);
            return this;
        }
    }
}
