package io.couchrepl.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RevTest {

    @Test
    void parsesAndPrintsTheWireForm() {
        Rev rev = Rev.parse("12-0f9a2c");
        assertThat(rev.pos()).isEqualTo(12);
        assertThat(rev.hash()).isEqualTo("0f9a2c");
        assertThat(rev.toString()).isEqualTo("12-0f9a2c");
    }

    @Test
    void ordersByGenerationThenHash() {
        assertThat(Rev.parse("10-a")).isGreaterThan(Rev.parse("9-z"));
        assertThat(Rev.parse("2-b")).isGreaterThan(Rev.parse("2-a"));
    }

    @Test
    void refusesWhatIsNotARevision() {
        for (String bad : new String[] {"", "abc", "-abc", "3-", "x-abc", "-1-abc"}) {
            assertThatThrownBy(() -> Rev.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a revision id");
        }
    }
}
