package io.couchrepl.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.couchrepl.spi.InvalidDocumentException;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class EJsonTextTest {

    @Test
    void readsIntegersOfAnySizeAndEveryOtherNumberAsADouble() {
        EJson.Arr numbers = (EJson.Arr) EJsonText.parse("[1, -0, 123456789012345678901234567890, 1.0, 1e2, -0.0]");
        assertThat(numbers.elements()).containsExactly(
                new EJson.Int(BigInteger.ONE, "1"),
                new EJson.Int(BigInteger.ZERO, "-0"),
                new EJson.Int(new BigInteger("123456789012345678901234567890"), "123456789012345678901234567890"),
                new EJson.Float(1.0, "1.0"),
                new EJson.Float(100.0, "1e2"),
                new EJson.Float(-0.0, "-0.0"));
    }

    @Test
    void writesNumbersBackAsTheyWereWritten() {
        assertThat(EJsonText.write(EJsonText.parse("{ \"a\" : [1.10, 1E2, -0, 1e-7], \"s\": \"\u00e9\\n\" }")))
                .isEqualTo("{\"a\":[1.10,1E2,-0,1e-7],\"s\":\"\u00e9\\n\"}");
    }

    @Test
    void foldsRepeatedKeysAtEveryDepth() {
        assertThat(EJsonText.write(EJsonText.parse("{\"o\":{\"a\":1,\"a\":2,\"b\":{\"x\":1,\"x\":[]}}}")))
                .isEqualTo("{\"o\":{\"a\":2,\"b\":{\"x\":[]}}}");
    }

    @Test
    void refusesALoneSurrogateAsCouchDbDoes() {
        assertThatThrownBy(() -> EJsonText.parse("{\"s\":\"\\ud800x\"}"))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageStartingWith("bad_request: invalid UTF-8 JSON (a string holds a lone surrogate");
    }

    @Test
    void refusesANumberBeyondADouble() {
        assertThatThrownBy(() -> EJsonText.parse("{\"n\":1e400}"))
                .hasMessage("bad_request: invalid UTF-8 JSON (the number 1e400 is beyond the range of a double)");
    }

    @Test
    void refusesBrokenSyntaxAndTrailingText() {
        assertThatThrownBy(() -> EJsonText.parse("{\"a\":}"))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageStartingWith("bad_request: invalid UTF-8 JSON (Unexpected character ('}'");
        assertThatThrownBy(() -> EJsonText.parse("{} {}"))
                .hasMessageStartingWith("bad_request: invalid UTF-8 JSON (more text after the JSON value");
        assertThatThrownBy(() -> EJsonText.parse("  "))
                .hasMessage("bad_request: invalid UTF-8 JSON (the text is empty)");
    }
}
