package io.couchrepl.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeqTest {

    @Test
    void keepsTheRawJsonOfStringAndNumberSequences() {
        assertThat(new Seq("\"12-g1AAAACbeJzL\"").json()).isEqualTo("\"12-g1AAAACbeJzL\"");
        assertThat(new Seq("42").json()).isEqualTo("42");
        assertThat(new Seq("[3,\"abc\"]").toString()).isEqualTo("[3,\"abc\"]");
    }

    @Test
    void isEqualOnlyToTheSameJson() {
        assertThat(new Seq("42")).isEqualTo(new Seq("42"));
        assertThat(new Seq("42")).isNotEqualTo(new Seq("\"42\""));
    }

    @Test
    void isNeitherComparableNorNumeric() {
        assertThat(Comparable.class.isAssignableFrom(Seq.class)).isFalse();
    }

    @Test
    void refusesAnEmptyValue() {
        assertThatThrownBy(() -> new Seq("  ")).isInstanceOf(IllegalArgumentException.class);
    }
}
