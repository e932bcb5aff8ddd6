package io.couchrepl.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.couchrepl.spi.InvalidDocumentException;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Numbers as jiffy 1.1 inside CouchDB 3.5.0 decodes them (values read from that runtime). */
class JiffyNumbersTest {

    private static long bits(String text) {
        return Double.doubleToRawLongBits(JiffyNumbers.floating(text));
    }

    @Test
    void shortNumbersInTheNormalRangeAreCorrectlyRounded() {
        assertThat(JiffyNumbers.floating("0.1")).isEqualTo(0.1);
        assertThat(JiffyNumbers.floating("1e23")).isEqualTo(1e23);
        assertThat(JiffyNumbers.floating("2.2250738585072014e-308")).isEqualTo(Double.MIN_NORMAL);
    }

    @Test
    void anExponentWithoutFractionBelowTheNormalRangeIsMantissaTimesAPowerOfTen() {
        // strtod reports a range error, and 5 * math:pow(10, -324) is 5 * 0.0.
        assertThat(JiffyNumbers.floating("5e-324")).isEqualTo(0.0);
        assertThat(bits("-5e-324")).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(bits("4e-320")).isEqualTo(8096L);
        assertThat(JiffyNumbers.floating("22250738585072011e-324")).isEqualTo(0.0);
    }

    @Test
    void aFractionBelowTheNormalRangeIsCorrectlyRounded() {
        assertThat(JiffyNumbers.floating("2.5e-324")).isEqualTo(Double.MIN_VALUE);
        assertThat(JiffyNumbers.floating("1.0e-400")).isEqualTo(0.0);
    }

    @Test
    void aLongMantissaIsTurnedIntoADoubleDigitByDigitAsErlangDoes() {
        assertThat(bits("166153499473114511783091993099370501e0")).isEqualTo(5134103575202365440L);
        assertThat(new BigInteger("166153499473114511783091993099370501").doubleValue())
                .isNotEqualTo(JiffyNumbers.floating("166153499473114511783091993099370501e0"));
    }

    @Test
    void usesGlibcsPowersOfTenWhichAreOneUlpHighForTwentyThreeAndTwoHundredTen() {
        // 32 characters or more: 10^30 * math:pow(10, 23), where the correctly rounded 1e53 is one ulp lower.
        assertThat(bits("1000000000000000000000000000000e23")).isEqualTo(5400014330993143359L);
        assertThat(Double.doubleToRawLongBits(1e53)).isEqualTo(5400014330993143358L);
        assertThat(bits("3000000000000000000000000000000e210")).isEqualTo(8204656162628977620L);
    }

    @Test
    void refusesWhatCouchDbRefuses() {
        assertThatThrownBy(() -> JiffyNumbers.floating("1e309"))
                .hasMessage("bad_request: invalid UTF-8 JSON (the number 1e309 is beyond the range of a double)");
        assertThatThrownBy(() -> JiffyNumbers.floating("123456789012345678901234567890123e290"))
                .isInstanceOf(InvalidDocumentException.class);
        assertThatThrownBy(() -> JiffyNumbers.integer("1" + "0".repeat(309)))
                .hasMessage("bad_request: invalid UTF-8 JSON (the number 10000000000000000000...0000000000 is too large:"
                        + " CouchDB 3.5 fails on integers it cannot turn into a double)");
        assertThat(JiffyNumbers.integer("1" + "0".repeat(307))).isEqualTo(BigInteger.TEN.pow(307));
    }
}
