package io.couchrepl.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.CheckpointPlacement;
import io.couchrepl.memory.MemoryStore;
import io.couchrepl.protocol.ReplicationStats;
import io.couchrepl.protocol.Seq;
import io.couchrepl.spi.LocalDocuments;
import io.couchrepl.spi.WriteRefusedException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CheckpointerTest {

    private final MemoryStore target = new MemoryStore();
    private final MemoryStore remote = new MemoryStore("remote");
    private final AtomicLong nanos = new AtomicLong();

    private Checkpointer checkpointer(CheckpointPlacement placement, boolean continuous, LocalDocuments remote) {
        return new Checkpointer("r", "s", placement, target, Optional.of(remote), Duration.ofSeconds(5), continuous,
                nanos::get);
    }

    private Optional<Seq> remoteSeq() throws IOException {
        return remote.getLocal("_local/r").map(json -> {
            try {
                return ReplicationLogJson.parse("r", json).lastSeq();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void oneShotRecordsTheRemoteLogAfterEachBatch() throws IOException {
        Checkpointer c = checkpointer(CheckpointPlacement.BOTH, false, remote);
        c.start(Optional.empty());

        c.recorded(new Seq("1"), ReplicationStats.ZERO);
        assertThat(remoteSeq()).contains(new Seq("1"));
        c.recorded(new Seq("2"), ReplicationStats.ZERO);
        assertThat(remoteSeq()).contains(new Seq("2"));
    }

    @Test
    void continuousRecordsTheRemoteLogAtMostEveryIntervalAndOnFlush() throws IOException {
        Checkpointer c = checkpointer(CheckpointPlacement.SOURCE, true, remote);
        c.start(Optional.empty());

        c.recorded(new Seq("1"), ReplicationStats.ZERO);
        assertThat(remoteSeq()).as("not yet due").isEmpty();
        nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        c.recorded(new Seq("2"), ReplicationStats.ZERO);
        assertThat(remoteSeq()).contains(new Seq("2"));
        c.recorded(new Seq("3"), ReplicationStats.ZERO);
        assertThat(remoteSeq()).contains(new Seq("2"));

        c.flush();
        assertThat(remoteSeq()).as("caught up, paused or stopping").contains(new Seq("3"));
    }

    @Test
    void theTargetLogGoesWithEveryBatchAndNeverWithSourcePlacement() {
        assertThat(checkpointer(CheckpointPlacement.TARGET, true, remote).forTarget(new Seq("1"), ReplicationStats.ZERO)).isPresent();
        assertThat(checkpointer(CheckpointPlacement.SOURCE, true, remote).forTarget(new Seq("1"), ReplicationStats.ZERO)).isEmpty();
    }

    @Test
    void aRemoteThatRefusesFallsBackToTheTargetOnce() throws IOException {
        AtomicLong attempts = new AtomicLong();
        LocalDocuments readOnly = new LocalDocuments() {
            @Override
            public Optional<String> getLocal(String id) {
                return Optional.empty();
            }

            @Override
            public void putLocal(String id, String json) throws IOException {
                attempts.incrementAndGet();
                throw new WriteRefusedException("403 forbidden", null);
            }
        };
        Checkpointer c = checkpointer(CheckpointPlacement.SOURCE, false, readOnly);
        c.start(Optional.empty());

        c.recorded(new Seq("1"), ReplicationStats.ZERO);
        c.recordWithoutDocs(new Seq("2"), ReplicationStats.ZERO);

        assertThat(attempts).hasValue(1);
        assertThat(c.placement()).isEqualTo(CheckpointPlacement.TARGET);
        assertThat(target.readCheckpoint("r").orElseThrow().lastSeq()).isEqualTo(new Seq("2"));
    }

    @Test
    void eachRunAddsAHistoryEntryWithCumulativeCounters() throws IOException {
        Checkpointer first = checkpointer(CheckpointPlacement.TARGET, false, remote);
        first.start(Optional.empty());
        target.writeCheckpoint(first.forTarget(new Seq("1"), new ReplicationStats(3, 3, 0, 3, 3, 0)).orElseThrow());

        Checkpointer second = new Checkpointer("r", "s2", CheckpointPlacement.TARGET, target, Optional.empty(),
                Duration.ofSeconds(5), false, nanos::get);
        assertThat(second.start(Optional.empty()).since()).contains(new Seq("1"));
        var log = second.forTarget(new Seq("2"), new ReplicationStats(1, 1, 0, 1, 1, 0)).orElseThrow();

        assertThat(log.history()).extracting(s -> s.sessionId()).containsExactly("s2", "s");
        assertThat(log.history().get(0).stats().docsWritten()).isEqualTo(4);
        assertThat(log.history().get(0).startLastSeq()).isEqualTo(new Seq("1"));
    }
}
