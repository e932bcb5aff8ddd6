package io.couchrepl.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
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
        assertThat(Number.class.isAssignableFrom(Seq.class)).isFalse();
        // No accessor hands out a number to order sequences by (hashCode is equality's, not an order).
        assertThat(Arrays.stream(Seq.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !m.getName().equals("hashCode"))
                .map(Method::getReturnType))
                .noneMatch(type -> (type.isPrimitive() && type != boolean.class && type != void.class)
                        || Number.class.isAssignableFrom(type));
        assertThat(new Seq("10")).isNotEqualTo(new Seq("10.0"));
    }

    @Test
    void refusesAnEmptyValue() {
        assertThatThrownBy(() -> new Seq("  ")).isInstanceOf(IllegalArgumentException.class);
    }
}
