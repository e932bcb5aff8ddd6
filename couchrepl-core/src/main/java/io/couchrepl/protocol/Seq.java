package io.couchrepl.protocol;

import java.util.Objects;

/**
 * An update sequence of a source database: an opaque JSON value kept exactly as the source sent it.
 *
 * <p>Since CouchDB 2 a sequence is a shard-encoded string ({@code "12-g1AAAA..."}); PouchDB and
 * CouchDB 1 use integers. Neither form may be parsed, ordered or compared beyond equality, so this
 * type holds the raw JSON text and offers nothing else.
 */
public record Seq(String json) {

    /** The start of every feed. */
    public static final Seq ZERO = new Seq("0");

    public Seq {
        Objects.requireNonNull(json, "json");
        json = json.strip();
        if (json.isEmpty()) {
            throw new IllegalArgumentException("a sequence must be a JSON value, got an empty string");
        }
    }

    /** A sequence from its raw JSON text, for instance {@code "\"3-g1AAAA\""} or {@code "42"}. */
    public static Seq ofJson(String json) {
        return new Seq(json);
    }

    @Override
    public String toString() {
        return json;
    }
}
