package io.couchrepl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static final Machine MACHINE = new Machine(2, "23.5 GiB", "AMD EPYC", "OpenJDK 17", "v20", "CouchDB 3.5.0",
            "PouchDB 9.0.0");

    private static Sample sample(Contender c, int round, double wall) {
        return new Sample(c, round, wall, wall + 0.5, 100 * 1024, OptionalLong.of(50), 1050);
    }

    @Test
    void tableGivesMediansDocsPerSecondAndTheRatiosAgainstTheTargets() {
        DataSet data = new DataSet(1000, DataSet.DEFAULT_SEED);
        List<Sample> samples = List.of(
                sample(Contender.DURABLE, 1, 2.0), sample(Contender.DURABLE, 2, 4.0), sample(Contender.DURABLE, 3, 3.0),
                sample(Contender.MEMORY, 1, 1.0), sample(Contender.POUCHDB, 1, 6.0), sample(Contender.FLOOR, 1, 1.5));
        Report.Data d = new Report.Data(MACHINE, data, 3, 1200, samples,
                Map.of("durable store", Map.of("changes", 500L, "total", 3000L)), List.of(10.0, 20.0, 300.0),
                Optional.of(new GrowthScenario.Result(300, 40, 9_000_000, 4_400_000, 4_000_000, List.of(50.0, 70.0, 90.0))),
                List.of(), null);

        String md = Report.markdown(d);

        assertThat(md).contains("| A | couchrepl pull into the durable store (`bin/couchrepl pull`, whole process) | 3.00 s | 333 | 100 MB | 50 MB | 2.00 / 4.00 / 3.00 |");
        assertThat(md).contains("| A / C docs/s (couchrepl durable vs PouchDB) | 3.00x | 3.00 | >= 3x |");
        assertThat(md).contains("| A / D wall time (couchrepl durable vs floor) | 1.33x | 1.33 | <= 1.3x |");
        assertThat(md).contains("| 3 | 20.0 ms | 300.0 ms | 300.0 ms | median < 200 ms |");
        assertThat(md).contains("2 cores, 23.5 GiB, AMD EPYC");
        assertThat(md).contains("| 40 | 2.25x (9.0 MB) | 1.10x (4.4 MB) | 4.0 MB | 70.0 ms | 90.0 ms | <= 1.5x after 40 rounds |");
    }

    @Test
    void theSizeSweepGivesPouchDbOverCouchreplWithinEachRoundAndTheStoreReads() {
        DataSet data = new DataSet(1000, DataSet.DEFAULT_SEED);
        List<Sample> sweep = List.of(
                sample(Contender.DURABLE, 1, 0.5), sample(Contender.POUCHDB, 1, 0.4), sample(Contender.FLOOR, 1, 0.1),
                sample(Contender.DURABLE, 2, 1.0), sample(Contender.POUCHDB, 2, 0.6), sample(Contender.FLOOR, 2, 0.2));
        Report.Data d = new Report.Data(MACHINE, data, 1, 1200, List.of(), Map.of(), List.of(), Optional.empty(),
                List.of(new Report.SweepRow(200, sweep)),
                new Report.StoreReads(1000, List.of(0.2, 0.4, 0.3), List.of(0.5, 0.5, 0.6)));

        String md = Report.markdown(d);

        // C/A within round 1 is 0.8, within round 2 0.6: the median of the two, not of the medians (0.67).
        assertThat(md).contains("| 200 | 0.75 s | 0.50 s | 0.15 s | 0.70x | 5.00x | >= 1.2x |");
        assertThat(md).contains("| `couchrepl get STORE ID` | 0.30 s | 0.20 / 0.40 / 0.30 | <= 0.3 s |");
        assertThat(md).contains("| `couchrepl dump STORE` | 0.50 s | 0.50 / 0.50 / 0.60 | <= 0.3 s |");
    }

    @Test
    void handWrittenNotesBelowTheMarkerSurviveTheNextRun() {
        String old = Report.document("## old run\n") + "\n" + Report.NOTES_MARKER + "\n\n## Findings\nkept\n";

        String next = Report.document("## new run\n") + Report.notesOf(old);

        assertThat(next).contains("## new run").doesNotContain("## old run").endsWith(Report.NOTES_MARKER + "\n\n## Findings\nkept\n");
        assertThat(Report.notesOf("no marker here")).isEmpty();
    }
}
