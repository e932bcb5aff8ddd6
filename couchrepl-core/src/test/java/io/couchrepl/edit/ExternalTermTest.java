package io.couchrepl.edit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Bytes against what OTP 25.2.3 (the runtime inside CouchDB 3.5.0) returns for {@code term_to_binary(T, [{minor_version, 1}])}. */
class ExternalTermTest {

    private static int[] encode(EJson value) {
        byte[] bytes = new ExternalTerm().ejson(value).toByteArray();
        int[] unsigned = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            unsigned[i] = bytes[i] & 0xff;
        }
        return unsigned;
    }

    @Test
    void writesTheTermOfTheFirstWorkedExample() {
        // [false, 0, 0, {[{<<"name">>,<<"identical">>},{<<"n">>,1}]}, []]
        ExternalTerm term = new ExternalTerm();
        term.list(5).atom("false").integer(0).integer(0)
                .ejson(EJsonText.parse("{\"name\":\"identical\",\"n\":1}")).list(0).nil();
        int[] expected = {131, 108, 0, 0, 0, 5, 100, 0, 5, 102, 97, 108, 115, 101, 97, 0, 97, 0, 104, 1, 108, 0, 0, 0,
            2, 104, 2, 109, 0, 0, 0, 4, 110, 97, 109, 101, 109, 0, 0, 0, 9, 105, 100, 101, 110, 116, 105, 99, 97, 108, 104,
            2, 109, 0, 0, 0, 1, 110, 97, 1, 106, 106, 106};
        byte[] bytes = term.toByteArray();
        assertThat(bytes).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(bytes[i] & 0xff).as("byte %d", i).isEqualTo(expected[i]);
        }
    }

    @Test
    void encodesAtomsDoublesIntegersBignumsAndBinariesAsTheRuntimeDoes() {
        // [true,false,null,1.5,-1,256,-2147483648,2147483648,-9223372036854775809,<<"é"/utf8>>,[]]
        EJson value = EJsonText.parse(
                "[true,false,null,1.5,-1,256,-2147483648,2147483648,-9223372036854775809,\"\u00e9\",[]]");
        assertThat(encode(value)).containsExactly(131, 108, 0, 0, 0, 11, 100, 0, 4, 116, 114, 117, 101, 100, 0, 5,
                102, 97, 108, 115, 101, 100, 0, 4, 110, 117, 108, 108, 70, 63, 248, 0, 0, 0, 0, 0, 0, 98, 255, 255, 255,
                255, 98, 0, 0, 1, 0, 98, 128, 0, 0, 0, 110, 4, 0, 0, 0, 0, 128, 110, 8, 1, 1, 0, 0, 0, 0, 0, 0, 128, 109,
                0, 0, 0, 2, 195, 169, 106, 106);
    }

    @Test
    void takesTheSmallestIntegerTagThatHoldsTheValue() {
        assertThat(encode(new EJson.Int(BigInteger.valueOf(255), "255"))).containsExactly(131, 97, 255);
        assertThat(encode(new EJson.Int(BigInteger.valueOf(2147483647), "2147483647")))
                .containsExactly(131, 98, 127, 255, 255, 255);
        BigInteger huge = BigInteger.ONE.shiftLeft(8 * 256);
        int[] bytes = encode(new EJson.Int(huge, huge.toString()));
        // LARGE_BIG_EXT: 257 magnitude bytes, positive, least significant first.
        assertThat(bytes).startsWith(131, 111, 0, 0, 1, 1, 0, 0);
        assertThat(bytes[bytes.length - 1]).isEqualTo(1);
        assertThat(bytes).hasSize(2 + 4 + 1 + 257);
    }

    @Test
    void keepsTheSignOfNegativeZero() {
        assertThat(encode(new EJson.Float(-0.0, "-0.0"))).containsExactly(131, 70, 128, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void writesEmptyObjectsAsATupleOfTheEmptyList() {
        assertThat(encode(EJson.Obj.EMPTY)).containsExactly(131, 104, 1, 106);
    }
}
