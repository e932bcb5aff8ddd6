package io.couchrepl.edit;

import io.couchrepl.spi.InvalidDocumentException;
import java.math.BigInteger;

/**
 * Turns JSON number text into the number CouchDB 3.5's decoder (jiffy 1.1) makes of it, which is
 * not always the correctly rounded double.
 *
 * <p>jiffy reads a number shorter than 32 characters with C's {@code strtod}/{@code strtol}. A
 * longer one, or one {@code strtod} reports as out of range (a result below the smallest normal
 * double, or beyond the largest), it hands to Erlang: an integer exactly; a number with a fraction
 * by {@code list_to_float}, correctly rounded (underflow gives 0.0); a number with an exponent
 * but no fraction as {@code Mantissa * math:pow(10, Exponent)} in doubles, so {@code 5e-324} is
 * 0.0 on CouchDB where it is the smallest double elsewhere. Results beyond a double's range make
 * CouchDB refuse the document, and so does an integer too large to turn into a double (it answers
 * 500 {@code badarith}); both are refused here.
 */
final class JiffyNumbers {

    /** jiffy's {@code NUM_BUF_LEN}: texts of this length or longer skip {@code strtod}. */
    private static final int BUFFER = 32;

    private static final double TWO_POW_64 = 0x1p64;

    private JiffyNumbers() {}

    /** The integer of {@code text} (digits, optional minus sign). */
    static BigInteger integer(String text) {
        BigInteger value = new BigInteger(text);
        if (Double.isInfinite(toDouble(value))) {
            throw outOfRange(text, "too large: CouchDB 3.5 fails on integers it cannot turn into a double");
        }
        return value;
    }

    /** The double of {@code text}, a JSON number with a fraction, an exponent or both. */
    static double floating(String text) {
        double correct = Double.parseDouble(text);
        boolean strtodRange = Double.isInfinite(correct)
                || Math.abs(correct) < Double.MIN_NORMAL && !isZero(text);
        if (text.length() < BUFFER && !strtodRange) {
            return correct;
        }
        if (Double.isInfinite(correct)) {
            throw outOfRange(text, "beyond the range of a double");
        }
        if (text.indexOf('.') >= 0) {
            return correct;
        }
        int e = Math.max(text.indexOf('e'), text.indexOf('E'));
        BigInteger exponent = new BigInteger(text.substring(e + 1).replace("+", ""));
        double value = toDouble(new BigInteger(text.substring(0, e))) * pow10(exponent);
        if (Double.isInfinite(value) || Double.isNaN(value)) {
            throw outOfRange(text, "beyond the range of a double");
        }
        return value;
    }

    /**
     * {@code math:pow(10, E)}, which is glibc's {@code pow}: the correctly rounded power of ten for
     * every exponent from -400 to 400 but 23 and 210, where it is one unit in the last place above
     * (checked against the runtime inside CouchDB 3.5.0, Debian bookworm's glibc).
     */
    private static double pow10(BigInteger exponent) {
        if (exponent.compareTo(BigInteger.valueOf(400)) > 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (exponent.compareTo(BigInteger.valueOf(-400)) < 0) {
            return 0.0;
        }
        double correct = Double.parseDouble("1e" + exponent);
        int e = exponent.intValue();
        return e == 23 || e == 210 ? Math.nextUp(correct) : correct;
    }

    /**
     * An integer as Erlang turns it into a double ({@code big_to_double}): the 64-bit digits from the
     * most significant, {@code d = d * 2^64 + digit}, each step rounded.
     */
    static double toDouble(BigInteger value) {
        BigInteger magnitude = value.abs();
        if (magnitude.bitLength() <= 63) {
            return value.longValue();
        }
        double d = 0.0;
        int words = (magnitude.bitLength() + 63) / 64;
        for (int i = words - 1; i >= 0; i--) {
            d = d * TWO_POW_64 + unsignedToDouble(magnitude.shiftRight(64 * i).longValue());
        }
        return value.signum() < 0 ? -d : d;
    }

    private static double unsignedToDouble(long word) {
        if (word >= 0) {
            return word;
        }
        // Halve with the lost bit kept as a sticky bit, so the rounding is that of the full value.
        return ((word >>> 1) | (word & 1)) * 2.0;
    }

    /** Whether the number's digits are all zeros: {@code strtod} reports no range error for those. */
    private static boolean isZero(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 'e' || c == 'E') {
                return true;
            }
            if (c >= '1' && c <= '9') {
                return false;
            }
        }
        return true;
    }

    private static InvalidDocumentException outOfRange(String text, String why) {
        String shown = text.length() <= 40 ? text : text.substring(0, 20) + "..." + text.substring(text.length() - 10);
        return new InvalidDocumentException("bad_request", "invalid UTF-8 JSON", "the number " + shown + " is " + why);
    }
}
