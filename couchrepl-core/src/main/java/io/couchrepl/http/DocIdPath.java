package io.couchrepl.http;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of document ids and query values for CouchDB URLs. */
final class DocIdPath {

    private DocIdPath() {}

    /** The path segment of a document: {@code _design/} and {@code _local/} keep their slash, every other byte outside the unreserved set is encoded. */
    static String of(String docId) {
        for (String prefix : new String[] {"_design/", "_local/"}) {
            if (docId.startsWith(prefix)) {
                return prefix + encode(docId.substring(prefix.length()));
            }
        }
        return encode(docId);
    }

    static String encode(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
