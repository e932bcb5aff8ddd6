package io.couchrepl.edit;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Writes Erlang terms in the external term format exactly as OTP 25's
 * {@code term_to_binary(Term, [{minor_version, 1}])} does, the bytes CouchDB hashes into a revision id.
 *
 * <p>Only what a revision hash holds: lists, small tuples, binaries, atoms, integers and doubles.
 * With {@code minor_version 1} atoms are {@code ATOM_EXT} (Latin-1, 2-byte length), not the UTF-8
 * tags {@code minor_version 2} uses, and doubles are {@code NEW_FLOAT_EXT}; integers take the
 * smallest tag that holds them, as the runtime's encoder chooses.
 */
final class ExternalTerm {

    private static final int VERSION = 131;
    private static final int NEW_FLOAT_EXT = 70;
    private static final int SMALL_INTEGER_EXT = 97;
    private static final int INTEGER_EXT = 98;
    private static final int ATOM_EXT = 100;
    private static final int SMALL_TUPLE_EXT = 104;
    private static final int NIL_EXT = 106;
    private static final int LIST_EXT = 108;
    private static final int BINARY_EXT = 109;
    private static final int SMALL_BIG_EXT = 110;
    private static final int LARGE_BIG_EXT = 111;

    private static final BigInteger INT32_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT32_MAX = BigInteger.valueOf(Integer.MAX_VALUE);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    /** A writer whose first byte, the format's version tag, is already written. */
    ExternalTerm() {
        tag(VERSION);
    }

    /** The bytes written so far. */
    byte[] toByteArray() {
        return out.toByteArray();
    }

    /** The head of a proper list of {@code length} elements: write them, then {@link #nil()}; nothing for an empty list. */
    ExternalTerm list(int length) {
        if (length == 0) {
            return nil();
        }
        tag(LIST_EXT);
        return u32(length);
    }

    /** The empty list, also the tail that ends every proper list. */
    ExternalTerm nil() {
        return tag(NIL_EXT);
    }

    /** The head of a tuple of {@code arity} (at most 255) elements. */
    ExternalTerm tuple(int arity) {
        if (arity > 255) {
            throw new IllegalArgumentException("tuples beyond 255 elements are not needed here: " + arity);
        }
        tag(SMALL_TUPLE_EXT);
        return tag(arity);
    }

    ExternalTerm binary(byte[] bytes) {
        tag(BINARY_EXT);
        u32(bytes.length);
        return bytes(bytes);
    }

    ExternalTerm binary(String text) {
        return binary(text.getBytes(StandardCharsets.UTF_8));
    }

    /** An atom of Latin-1 characters: {@code true}, {@code false}, {@code null}. */
    ExternalTerm atom(String name) {
        byte[] latin1 = name.getBytes(StandardCharsets.ISO_8859_1);
        tag(ATOM_EXT);
        tag(latin1.length >> 8);
        tag(latin1.length & 0xff);
        return bytes(latin1);
    }

    ExternalTerm integer(long value) {
        return integer(BigInteger.valueOf(value));
    }

    ExternalTerm integer(BigInteger value) {
        if (value.signum() >= 0 && value.bitLength() <= 8) {
            tag(SMALL_INTEGER_EXT);
            return tag(value.intValue());
        }
        if (value.compareTo(INT32_MIN) >= 0 && value.compareTo(INT32_MAX) <= 0) {
            tag(INTEGER_EXT);
            return u32(value.intValue());
        }
        // A bignum: sign byte, then the magnitude's bytes, least significant first.
        byte[] bigEndian = value.abs().toByteArray();
        int skip = bigEndian[0] == 0 ? 1 : 0;
        int n = bigEndian.length - skip;
        if (n <= 255) {
            tag(SMALL_BIG_EXT);
            tag(n);
        } else {
            tag(LARGE_BIG_EXT);
            u32(n);
        }
        tag(value.signum() < 0 ? 1 : 0);
        for (int i = bigEndian.length - 1; i >= skip; i--) {
            tag(bigEndian[i] & 0xff);
        }
        return this;
    }

    /** A double as its IEEE 754 bits, big-endian: {@code -0.0} keeps its sign. */
    ExternalTerm floating(double value) {
        tag(NEW_FLOAT_EXT);
        long bits = Double.doubleToRawLongBits(value);
        u32((int) (bits >>> 32));
        return u32((int) bits);
    }

    /**
     * A JSON value as jiffy hands it to CouchDB: an object is a 1-tuple holding the list of its
     * {@code {Key, Value}} pairs, a string a UTF-8 binary, {@code true}/{@code false}/{@code null}
     * atoms, an array a list.
     */
    ExternalTerm ejson(EJson value) {
        if (value instanceof EJson.Obj obj) {
            tuple(1);
            list(obj.members().size());
            for (EJson.Member member : obj.members()) {
                tuple(2);
                binary(member.key());
                ejson(member.value());
            }
            return obj.members().isEmpty() ? this : nil();
        }
        if (value instanceof EJson.Arr arr) {
            list(arr.elements().size());
            for (EJson element : arr.elements()) {
                ejson(element);
            }
            return arr.elements().isEmpty() ? this : nil();
        }
        if (value instanceof EJson.Str str) {
            return binary(str.value());
        }
        if (value instanceof EJson.Int i) {
            return integer(i.value());
        }
        if (value instanceof EJson.Float f) {
            return floating(f.value());
        }
        return atom(switch ((EJson.Literal) value) {
            case TRUE -> "true";
            case FALSE -> "false";
            case NULL -> "null";
        });
    }

    private ExternalTerm tag(int b) {
        out.write(b);
        return this;
    }

    /** Four bytes, big-endian. */
    private ExternalTerm u32(int value) {
        return tag(value >>> 24).tag((value >>> 16) & 0xff).tag((value >>> 8) & 0xff).tag(value & 0xff);
    }

    private ExternalTerm bytes(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }
}
