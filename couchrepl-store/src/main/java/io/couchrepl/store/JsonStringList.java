package io.couchrepl.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The JSON text of a list of strings, as the store keeps a revision's {@code _revisions.ids} and as it
 * passes a batch of document ids to SQLite's {@code json_each}.
 *
 * <p>JSON rather than a separator because a revision hash may hold any character, and because the
 * column then stays readable with the {@code sqlite3} shell and its JSON functions.
 */
final class JsonStringList {

    private JsonStringList() {}

    static String write(Iterable<String> strings) {
        StringBuilder out = new StringBuilder(64);
        out.append('[');
        boolean first = true;
        for (String s : strings) {
            if (!first) {
                out.append(',');
            }
            first = false;
            appendString(out, s);
        }
        return out.append(']').toString();
    }

    private static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    /** Reads what {@link #write} wrote; anything else is a damaged store. */
    static List<String> parse(String json) {
        List<String> strings = new ArrayList<>();
        int i = skipSpace(json, 0);
        i = expect(json, i, '[');
        i = skipSpace(json, i);
        if (i < json.length() && json.charAt(i) == ']') {
            return strings;
        }
        while (true) {
            i = expect(json, skipSpace(json, i), '"');
            StringBuilder s = new StringBuilder(40);
            while (true) {
                if (i >= json.length()) {
                    throw malformed(json);
                }
                char c = json.charAt(i++);
                if (c == '"') {
                    break;
                }
                if (c != '\\') {
                    s.append(c);
                    continue;
                }
                if (i >= json.length()) {
                    throw malformed(json);
                }
                char e = json.charAt(i++);
                switch (e) {
                    case '"', '\\', '/' -> s.append(e);
                    case 'b' -> s.append('\b');
                    case 'f' -> s.append('\f');
                    case 'n' -> s.append('\n');
                    case 'r' -> s.append('\r');
                    case 't' -> s.append('\t');
                    case 'u' -> {
                        if (i + 4 > json.length()) {
                            throw malformed(json);
                        }
                        try {
                            s.append((char) Integer.parseInt(json, i, i + 4, 16));
                        } catch (NumberFormatException ex) {
                            throw malformed(json);
                        }
                        i += 4;
                    }
                    default -> throw malformed(json);
                }
            }
            strings.add(s.toString());
            i = skipSpace(json, i);
            if (i < json.length() && json.charAt(i) == ',') {
                i++;
                continue;
            }
            i = expect(json, i, ']');
            if (skipSpace(json, i) != json.length()) {
                throw malformed(json);
            }
            return strings;
        }
    }

    private static int skipSpace(String json, int i) {
        while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int expect(String json, int i, char c) {
        if (i >= json.length() || json.charAt(i) != c) {
            throw malformed(json);
        }
        return i + 1;
    }

    private static IllegalStateException malformed(String json) {
        String shown = json.length() > 80 ? json.substring(0, 80) + "..." : json;
        return new IllegalStateException("damaged store: not a JSON list of strings: " + shown);
    }
}
