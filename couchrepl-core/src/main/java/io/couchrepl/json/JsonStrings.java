package io.couchrepl.json;

/**
 * The one JSON string escaper, for text written by hand on hot paths (revisions sent to
 * {@code _bulk_docs}, sequences read from a feed, documents printed): {@code "}, {@code \}, the short
 * escapes and {@code &#92;u00xx} for other control characters; everything else as it is, as CouchDB writes it.
 */
public final class JsonStrings {

    private JsonStrings() {}

    /** Appends {@code s} as a JSON string literal, quotes included. */
    public static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** {@code s} as a JSON string literal. */
    public static String quoted(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2);
        appendString(out, s);
        return out.toString();
    }
}
