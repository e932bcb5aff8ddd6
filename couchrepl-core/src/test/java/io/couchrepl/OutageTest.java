package io.couchrepl;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.http.ClientOptions;
import io.couchrepl.http.CouchUrl;
import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.memory.MemoryStore;
import io.couchrepl.spi.UnavailableException;
import io.couchrepl.testing.Fault;
import io.couchrepl.testing.FaultPlan;
import io.couchrepl.testing.FaultProxy;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A continuous replication through an outage: it shows that it is crashing, waits, and recovers by
 * itself when the server is back; a feed that goes silent is asked again from the last checkpoint.
 */
class OutageTest {

    private TestDb db;
    private FaultProxy proxy;
    private RemoteDatabase source;
    private Replicator replicator;
    private final MemoryStore store = new MemoryStore();
    private final List<String> crashes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void createDatabase() {
        db = TestServer.shared().createDb("outage");
        db.put("before", "{}");
        proxy = FaultProxy.in(db.server());
    }

    @AfterEach
    void stop() throws Exception {
        if (replicator != null) {
            replicator.stop();
            replicator.await(Duration.ofSeconds(10));
        }
        if (source != null) {
            source.close();
        }
        proxy.close();
        db.drop();
    }

    private void startContinuous(Duration heartbeat, Duration idleTimeout) {
        source = RemoteDatabase.open(CouchUrl.parse(proxy.urlOf(db)), ClientOptions.builder()
                .retry(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20)))
                .idleTimeout(idleTimeout)
                .build());
        ReplicationOptions options = ReplicationOptions.builder()
                .continuous(true)
                .heartbeat(heartbeat)
                .restartPolicy(RetryPolicy.forever(Duration.ofMillis(200), Duration.ofMillis(400)))
                .build();
        replicator = Replicator.create(source, store, options).addListener(new ReplicationListener() {
            @Override
            public void onCrashing(ReplicationException error, Duration retryIn, ReplicationStatus status) {
                crashes.add(status.state() + ": " + error.getMessage());
            }
        }).start();
    }

    @Test
    void aLongOutageShowsAsCrashingAndRecoversByItselfWhenTheServerIsBack() throws Exception {
        startContinuous(Duration.ofSeconds(1), Duration.ofSeconds(5));
        Eventually.await(() -> replicator.status().state() == ReplicationState.WAITING, "waiting for changes");

        proxy.down();
        db.put("during", "{}");
        Eventually.await(() -> replicator.status().state() == ReplicationState.CRASHING, "crashing");
        ReplicationStatus crashing = replicator.status();
        assertThat(crashing.error()).hasValueSatisfying(error -> {
            assertThat(error).hasCauseInstanceOf(UnavailableException.class);
            assertThat(error.getMessage()).contains("gave up after 3 attempts");
        });
        // Waits for restarts that failed while the server stays away: each one reports a crash.
        Eventually.await(() -> crashes.size() >= 3, "two restarts to fail while the server is down");
        assertThat(replicator.status().state()).isEqualTo(ReplicationState.CRASHING);
        assertThat(store.winner("during")).isEmpty();

        proxy.up();

        Eventually.await(() -> store.winner("during").isPresent(), "the document written during the outage");
        Eventually.await(() -> replicator.status().state() == ReplicationState.WAITING, "waiting again");
        assertThat(replicator.status().error()).isEmpty();
        assertThat(crashes).hasSizeGreaterThanOrEqualTo(2).allMatch(c -> c.startsWith("CRASHING: "));

        db.put("after", "{}");
        Eventually.await(() -> store.winner("after").isPresent(), "a document written after the outage");
        assertThat(Leaves.ofStore(store.leaves())).containsExactlyElementsOf(Leaves.ofServer(db.leaves()));
    }

    @Test
    void aStalledFeedIsAskedAgainFromTheLastCheckpoint() throws Exception {
        proxy.plan(FaultPlan.first(1, FaultPlan.contains("feed=longpoll"), Fault.stall()));
        startContinuous(Duration.ofMillis(200), Duration.ofSeconds(1));
        Eventually.await(() -> proxy.requests().stream().filter(r -> r.pathAndQuery().contains("feed=longpoll")).count() >= 2,
                "the stalled feed to be asked again");

        String checkpoint = store.readCheckpoint(replicator.replicationId()).orElseThrow().lastSeq().json();

        db.put("after-stall", "{}");

        Eventually.await(() -> store.winner("after-stall").isPresent(), "a change after the stall");
        List<String> longpolls = proxy.requests().stream().map(r -> r.pathAndQuery())
                .filter(q -> q.contains("feed=longpoll")).toList();
        assertThat(longpolls.get(1)).as("the feed asked again").isEqualTo(longpolls.get(0));
        // Sequences are opaque: CouchDB's strings go out without their quotes, integers as they are.
        String sinceOfCheckpoint = checkpoint.startsWith("\"") ? checkpoint.substring(1, checkpoint.length() - 1) : checkpoint;
        assertThat(since(longpolls.get(1))).as("since of the second feed").isEqualTo(sinceOfCheckpoint);
        assertThat(crashes).as("a stall is retried, not a crash").isEmpty();
    }

    private static String since(String pathAndQuery) {
        String rest = pathAndQuery.substring(pathAndQuery.indexOf("since=") + "since=".length());
        return rest.substring(0, rest.indexOf('&') < 0 ? rest.length() : rest.indexOf('&'));
    }
}
