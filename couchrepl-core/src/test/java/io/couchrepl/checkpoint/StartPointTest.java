package io.couchrepl.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.CheckpointPlacement;
import io.couchrepl.protocol.ReplicationStats;
import io.couchrepl.protocol.Seq;
import io.couchrepl.spi.Checkpoint;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StartPointTest {

    private static Checkpoint.Session session(String id, String recorded) {
        return new Checkpoint.Session(id, "", "", Seq.ZERO, new Seq(recorded), new Seq(recorded), ReplicationStats.ZERO);
    }

    private static Checkpoint log(String sessionId, String lastSeq, Checkpoint.Session... history) {
        return new Checkpoint("r", sessionId, new Seq(lastSeq), Arrays.asList(history));
    }

    @Test
    void logsOfTheSameSessionAgreeOnTheSourceLastSeq() {
        StartPoint start = StartPoint.compare(log("s2", "\"9-x\"", session("s2", "\"9-x\"")),
                log("s2", "\"9-x\"", session("s2", "\"9-x\"")));
        assertThat(start.since()).contains(new Seq("\"9-x\""));
    }

    @Test
    void mismatchedSessionsStartAtTheNewestEntryBothHistoriesKnow() {
        Checkpoint source = log("new-on-source", "\"9-c\"",
                session("new-on-source", "\"9-c\""), session("common-2", "\"6-b\""), session("common-1", "\"3-a\""));
        Checkpoint target = log("new-on-target", "\"8-x\"",
                session("new-on-target", "\"8-x\""), session("other", "\"7-y\""), session("common-2", "\"6-b\""),
                session("common-1", "\"3-a\""));

        assertThat(StartPoint.compare(source, target).since()).contains(new Seq("\"6-b\""));
        assertThat(StartPoint.compare(target, source).since()).contains(new Seq("\"6-b\""));
    }

    @Test
    void historiesWithoutACommonSessionStartFromTheBeginning() {
        StartPoint start = StartPoint.compare(log("a", "1", session("a", "1")), log("b", "2", session("b", "2")));
        assertThat(start.since()).isEmpty();
    }

    @Test
    void bothPlacementNeedsALogOnEachPeer() {
        Optional<Checkpoint> one = Optional.of(log("a", "1", session("a", "1")));
        assertThat(StartPoint.choose(CheckpointPlacement.BOTH, one, Optional.empty()).since()).isEmpty();
        assertThat(StartPoint.choose(CheckpointPlacement.BOTH, Optional.empty(), one).since()).isEmpty();
    }

    @Test
    void singlePlacementsReadTheirOwnLogAndNoneReadsNothing() {
        Optional<Checkpoint> remote = Optional.of(log("a", "\"5-r\""));
        Optional<Checkpoint> target = Optional.of(log("b", "\"4-t\""));
        assertThat(StartPoint.choose(CheckpointPlacement.SOURCE, remote, target).since()).contains(new Seq("\"5-r\""));
        assertThat(StartPoint.choose(CheckpointPlacement.TARGET, remote, target).since()).contains(new Seq("\"4-t\""));
        assertThat(StartPoint.choose(CheckpointPlacement.NONE, remote, target).since()).isEmpty();
    }
}
