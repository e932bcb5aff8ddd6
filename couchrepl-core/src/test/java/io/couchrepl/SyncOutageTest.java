package io.couchrepl;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.http.ClientOptions;
import io.couchrepl.http.CouchUrl;
import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.memory.MemoryStore;
import io.couchrepl.protocol.ReplicationStats;
import io.couchrepl.testing.FaultProxy;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A continuous sync tells its application that the server is away, and its state says so. */
class SyncOutageTest {

    private TestDb db;
    private FaultProxy proxy;

    @BeforeEach
    void createDatabase() {
        db = TestServer.shared().createDb("sync-outage");
        db.put("before", "{}");
        proxy = FaultProxy.in(db.server());
    }

    @AfterEach
    void dropDatabase() {
        proxy.close();
        db.drop();
    }

    private static ReplicationStatus in(ReplicationState state) {
        return new ReplicationStatus(state, "id", Optional.empty(), ReplicationStats.ZERO, Optional.empty());
    }

    @Test
    void aSyncWithOneDirectionCrashingIsCrashingWhateverTheOtherDoes() {
        assertThat(new SyncStatus(in(ReplicationState.WAITING), in(ReplicationState.CRASHING)).state())
                .isEqualTo(ReplicationState.CRASHING);
        assertThat(new SyncStatus(in(ReplicationState.CRASHING), in(ReplicationState.REPLICATING)).state())
                .isEqualTo(ReplicationState.CRASHING);
        assertThat(new SyncStatus(in(ReplicationState.CRASHING), in(ReplicationState.FAILED)).state())
                .isEqualTo(ReplicationState.FAILED);
        assertThat(new SyncStatus(in(ReplicationState.WAITING), in(ReplicationState.REPLICATING)).state())
                .isEqualTo(ReplicationState.REPLICATING);
    }

    @Test
    void anOutageReachesTheSyncListenerWithItsCauseAndTheSyncRecoversWhenTheServerIsBack() throws Exception {
        List<String> unavailable = new CopyOnWriteArrayList<>();
        List<ReplicationState> statesWhenUnavailable = new CopyOnWriteArrayList<>();
        List<String> heard = new CopyOnWriteArrayList<>();
        MemoryStore store = new MemoryStore();
        try (RemoteDatabase remote = RemoteDatabase.open(CouchUrl.parse(proxy.urlOf(db)), ClientOptions.builder()
                .retry(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20)))
                .idleTimeout(Duration.ofSeconds(5))
                .build())) {
            Sync sync = Sync.create(store, remote, ReplicationOptions.builder().continuous(true)
                    .heartbeat(Duration.ofMillis(500))
                    .restartPolicy(RetryPolicy.forever(Duration.ofMillis(200), Duration.ofMillis(400)))
                    .build());
            sync.addListener(new SyncListener() {
                @Override
                public void onUnavailable(boolean pull, ReplicationException error, Duration retryIn, SyncStatus status) {
                    unavailable.add((pull ? "pull: " : "push: ") + error.getMessage());
                    statesWhenUnavailable.add(status.state());
                    heard.add("unavailable " + (pull ? "pull" : "push"));
                }

                @Override
                public void onActive(boolean pull, SyncStatus status) {
                    heard.add("active " + (pull ? "pull" : "push"));
                }
            }).start();
            try {
                Eventually.await(() -> sync.status().state() == ReplicationState.WAITING, "both caught up");

                proxy.down();
                store.put("offline", "{}");

                Eventually.await(() -> unavailable.stream().anyMatch(u -> u.startsWith("push: ")),
                        "the push to find the server away");
                assertThat(unavailable).filteredOn(u -> u.startsWith("push: ")).first().asString()
                        .contains("gave up after 3 attempts");
                assertThat(statesWhenUnavailable).containsOnly(ReplicationState.CRASHING);
                assertThat(sync.status().state()).isEqualTo(ReplicationState.CRASHING);

                proxy.up();

                Eventually.await(() -> db.get("/offline").status() == 200, "the offline document reaches the server");
                Eventually.await(() -> sync.status().state() == ReplicationState.WAITING, "both caught up again");
                assertThat(sync.status().push().error()).isEmpty();
                // The push, back from the outage, is active again when it writes the offline document.
                assertThat(heard).containsSubsequence("unavailable push", "active push");
            } finally {
                sync.stop();
                sync.await(Duration.ofSeconds(10));
            }
        }
    }
}
