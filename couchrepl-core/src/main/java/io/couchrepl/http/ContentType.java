package io.couchrepl.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A media type with its parameters, as a {@code Content-Type} or {@code Content-Disposition} header
 * gives it: {@code multipart/related; boundary="abc"}. Names are lower-cased, quotes removed.
 */
record ContentType(String mediaType, Map<String, String> params) {

    ContentType {
        params = Map.copyOf(params);
    }

    static ContentType parse(String header) {
        List<String> pieces = split(header);
        Map<String, String> params = new HashMap<>();
        for (int i = 1; i < pieces.size(); i++) {
            String piece = pieces.get(i).strip();
            int eq = piece.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String value = piece.substring(eq + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
            }
            params.put(piece.substring(0, eq).strip().toLowerCase(Locale.ROOT), value);
        }
        return new ContentType(pieces.get(0).strip().toLowerCase(Locale.ROOT), params);
    }

    /** Splits at semicolons outside quotes: a file name may hold one. */
    private static List<String> split(String header) {
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '\\' && quoted && i + 1 < header.length()) {
                piece.append(c).append(header.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                pieces.add(piece.toString());
                piece.setLength(0);
                continue;
            }
            piece.append(c);
        }
        pieces.add(piece.toString());
        return pieces;
    }

    Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }

    boolean isMultipart() {
        return mediaType.startsWith("multipart/");
    }

    /** CouchDB marks the part of a revision it could not find with {@code error="true"}. */
    boolean isError() {
        return "true".equalsIgnoreCase(params.get("error"));
    }
}
