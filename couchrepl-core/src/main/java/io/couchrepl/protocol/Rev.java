package io.couchrepl.protocol;

import java.util.Comparator;
import java.util.Objects;

/**
 * A revision id, {@code N-hash}: the generation (position in the revision tree) and the hash.
 *
 * <p>Ordering follows CouchDB's choice of a winner among leaves: higher generation first, then the
 * hash compared as a string.
 */
public record Rev(int pos, String hash) implements Comparable<Rev> {

    private static final Comparator<Rev> ORDER =
            Comparator.comparingInt(Rev::pos).thenComparing(Rev::hash);

    public Rev {
        Objects.requireNonNull(hash, "hash");
        if (pos < 0) {
            throw new IllegalArgumentException("revision generation must not be negative: " + pos);
        }
        if (hash.isEmpty()) {
            throw new IllegalArgumentException("revision hash must not be empty");
        }
    }

    /** Parses the wire form {@code "3-abc"}. */
    public static Rev parse(String rev) {
        Objects.requireNonNull(rev, "rev");
        int dash = rev.indexOf('-');
        if (dash <= 0 || dash == rev.length() - 1) {
            throw new IllegalArgumentException("not a revision id: \"" + rev + "\"");
        }
        int pos;
        try {
            pos = Integer.parseInt(rev, 0, dash, 10);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a revision id: \"" + rev + "\"");
        }
        return new Rev(pos, rev.substring(dash + 1));
    }

    @Override
    public int compareTo(Rev other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return pos + "-" + hash;
    }
}
