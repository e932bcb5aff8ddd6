package io.couchrepl;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.protocol.ReplicationStats;
import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.memory.MemoryStore;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Continuous replication follows the feed, and pause, resume and stop behave. */
class ContinuousReplicationTest {

    private TestDb db;
    private MemoryStore store;
    private RemoteDatabase source;
    private Replicator replicator;
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startContinuousReplication() throws Exception {
        db = TestServer.shared().createDb("continuous");
        db.put("before", "{}");
        store = new MemoryStore();
        source = RemoteDatabase.open(db.url());
        ReplicationOptions options = ReplicationOptions.builder()
                .continuous(true)
                .heartbeat(Duration.ofSeconds(1))
                .build();
        replicator = Replicator.create(source, store, options).addListener(new ReplicationListener() {
            @Override
            public void onActive(ReplicationStatus status) {
                events.add("active");
            }

            @Override
            public void onWaiting(ReplicationStatus status) {
                events.add("waiting");
            }

            @Override
            public void onPaused(ReplicationStatus status) {
                events.add("paused");
            }

            @Override
            public void onBatchWritten(ReplicationStats batch, ReplicationStatus status) {
                events.add("batch");
            }

            @Override
            public void onComplete(ReplicationStatus status) {
                events.add("complete:" + status.state().word());
            }
        }).start();
        Eventually.await(() -> replicator.status().state() == ReplicationState.WAITING, "waiting for changes");
    }

    @AfterEach
    void stopReplication() throws Exception {
        replicator.stop();
        replicator.await(Duration.ofSeconds(10));
        source.close();
        db.drop();
    }

    @Test
    void picksUpAChangeWrittenAfterItStarted() throws Exception {
        assertThat(store.winner("before")).isPresent();

        db.put("after", "{\"late\":true}");

        Eventually.await(() -> store.winner("after").isPresent(), "the late document to arrive");
        assertThat(replicator.status().stats().docsWritten()).isEqualTo(2);
        assertThat(events).startsWith("active").contains("waiting");
    }

    @Test
    void pausedItReplicatesNothingAndResumedItCatchesUp() throws Exception {
        replicator.pause();
        Eventually.await(() -> replicator.status().state() == ReplicationState.PAUSED, "paused");

        db.put("while-paused", "{}");
        // A replication that runs sees the document; once it has, the paused one had the same chance.
        try (RemoteDatabase again = RemoteDatabase.open(db.url()); MemoryStore witness = new MemoryStore()) {
            Replicator.create(again, witness, ReplicationOptions.defaults()).run();
            assertThat(witness.winner("while-paused")).isPresent();
        }
        assertThat(store.winner("while-paused")).isEmpty();
        assertThat(events.subList(events.lastIndexOf("paused"), events.size())).doesNotContain("batch");

        replicator.resume();
        Eventually.await(() -> store.winner("while-paused").isPresent(), "the document written while paused");
        assertThat(events).contains("paused");
    }

    @Test
    void stopEndsItAtItsCheckpoint() throws Exception {
        db.put("last", "{}");
        Eventually.await(() -> store.winner("last").isPresent(), "the last document");

        replicator.stop();
        ReplicationStatus status = replicator.await(Duration.ofSeconds(10));

        assertThat(status.state()).isEqualTo(ReplicationState.STOPPED);
        assertThat(status.checkpointedSeq()).isPresent();
        assertThat(store.readCheckpoint(status.replicationId()).orElseThrow().lastSeq())
                .isEqualTo(status.checkpointedSeq().get());
        assertThat(events).endsWith("complete:stopped");
    }
}
