package io.couchrepl.edit;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * A JSON value as CouchDB holds it after decoding a request body with jiffy ("EJSON"): an object is
 * its members in document order with duplicate keys folded (the last one wins, in its own place),
 * a number without {@code .}, {@code e} or {@code E} is an integer of any size, any other number is
 * a double.
 *
 * <p>Numbers also keep their source text, so a body written back is the text the user gave,
 * while its revision hash is computed from the decoded value as CouchDB computes it.
 */
public sealed interface EJson {

    /** A JSON object: its members in order, keys unique. */
    record Obj(List<Member> members) implements EJson {
        public Obj {
            members = List.copyOf(members);
        }

        public static final Obj EMPTY = new Obj(List.of());
    }

    /** One member of an object. */
    record Member(String key, EJson value) {
        public Member {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    record Arr(List<EJson> elements) implements EJson {
        public Arr {
            elements = List.copyOf(elements);
        }
    }

    record Str(String value) implements EJson {
        public Str {
            Objects.requireNonNull(value, "value");
        }
    }

    /** An integer, as its source {@code text} wrote it ({@code -0} stays {@code -0}). */
    record Int(BigInteger value, String text) implements EJson {}

    /** A double, as its source {@code text} wrote it ({@code 1.0}, {@code 1E2}). */
    record Float(double value, String text) implements EJson {}

    enum Literal implements EJson {
        TRUE,
        FALSE,
        NULL
    }
}
