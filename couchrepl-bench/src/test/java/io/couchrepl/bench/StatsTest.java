package io.couchrepl.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValueWhateverTheOrder() {
        assertThat(Stats.median(List.of(9.0, 1.0, 5.0))).isEqualTo(5.0);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        assertThat(Stats.median(List.of(4, 1, 3, 10))).isEqualTo(3.5);
    }

    @Test
    void p99OfAHundredValuesIsTheNinetyNinthSmallest() {
        List<Double> values = new ArrayList<>();
        for (int i = 100; i >= 1; i--) {
            values.add((double) i);
        }
        assertThat(Stats.percentile(values, 99)).isEqualTo(99.0);
        assertThat(Stats.percentile(values, 50)).isEqualTo(50.0);
        assertThat(Stats.max(values)).isEqualTo(100.0);
    }

    @Test
    void noValuesHaveNoMedian() {
        assertThatThrownBy(() -> Stats.median(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
