package io.couchrepl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.protocol.ReplicationStats;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The progress line's text: the share of the feed read and the time left, when the source tells what remains. */
class TerminalProgressTest {

    private static ReplicationStats read(long changes, long written) {
        return new ReplicationStats(written, written, 0, written, written, changes);
    }

    @Test
    void aQuarterReadInTenSecondsLeavesAboutThirtySeconds() {
        assertThat(TerminalProgress.line("replicating", read(2_500, 2_400), OptionalLong.of(7_500), 10.0))
                .isEqualTo("replicating: 2,500 changes read, 2,400 revisions written, 0 failed (240/s), 25%, about 30 s left");
    }

    @Test
    void longerTimesLeftAreInMinutesAndHours() {
        assertThat(TerminalProgress.line("replicating", read(100, 100), OptionalLong.of(9_900), 100.0))
                .endsWith(", 1%, about 2 h 45 min left");
        assertThat(TerminalProgress.line("replicating", read(1_000, 1_000), OptionalLong.of(9_000), 10.0))
                .endsWith(", 10%, about 1 min 30 s left");
    }

    @Test
    void caughtUpIsAHundredPercentWithNoTimeLeft() {
        assertThat(TerminalProgress.line("waiting for changes", read(10, 10), OptionalLong.of(0), 2.0))
                .endsWith("(5/s), 100%");
    }

    @Test
    void aSourceThatDoesNotSayWhatRemainsShowsTheCountersOnly() {
        assertThat(TerminalProgress.line("replicating", read(10, 10), OptionalLong.empty(), 2.0))
                .isEqualTo("replicating: 10 changes read, 10 revisions written, 0 failed (5/s)");
    }
}
