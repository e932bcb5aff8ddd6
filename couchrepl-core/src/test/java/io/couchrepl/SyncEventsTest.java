package io.couchrepl;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.memory.MemoryStore;
import io.couchrepl.protocol.ReplicationStats;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A sync's own events, as PouchDB's sync gives them: active once it moves, complete once both directions end. */
class SyncEventsTest {

    private TestDb db;

    @BeforeEach
    void createDatabase() {
        db = TestServer.shared().createDb("sync-events");
        db.put("remote-1", "{}");
        db.put("remote-2", "{}");
    }

    @AfterEach
    void dropDatabase() {
        db.drop();
    }

    /** Records the sync's events in order, each direction's tagged with it. */
    private static final class Heard implements SyncListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void onActive(SyncStatus status) {
            events.add("active");
        }

        @Override
        public void onActive(boolean pull, SyncStatus status) {
            events.add("active " + (pull ? "pull" : "push"));
        }

        @Override
        public void onChangesArrived(ReplicationStats batch, SyncStatus status) {
            events.add("change pull");
        }

        @Override
        public void onPushed(ReplicationStats batch, SyncStatus status) {
            events.add("change push");
        }

        @Override
        public void onPaused(SyncStatus status) {
            events.add("paused");
        }

        @Override
        public void onComplete(SyncStatus status) {
            events.add("complete " + status.pull().state().word() + " " + status.push().state().word());
        }
    }

    @Test
    void aOneShotSyncIsActiveFirstAndCompleteLastOnce() throws Exception {
        MemoryStore store = new MemoryStore();
        store.put("local-1", "{}");
        Heard heard = new Heard();
        try (RemoteDatabase remote = RemoteDatabase.open(db.url())) {
            Sync.create(store, remote, false).addListener(heard).run();
        }

        assertThat(heard.events).first().isEqualTo("active");
        assertThat(heard.events).filteredOn("active"::equals).hasSize(1);
        assertThat(heard.events).containsSubsequence("active", "active pull", "change pull", "active push",
                "change push", "complete completed completed");
        assertThat(heard.events).last().isEqualTo("complete completed completed");
        assertThat(heard.events).filteredOn(e -> e.startsWith("complete")).hasSize(1);
    }

    @Test
    void aContinuousSyncIsActiveAgainAfterBothPausedAndCompleteWhenStopped() throws Exception {
        MemoryStore store = new MemoryStore();
        Heard heard = new Heard();
        try (RemoteDatabase remote = RemoteDatabase.open(db.url())) {
            Sync sync = Sync.create(store, remote, ReplicationOptions.builder().continuous(true)
                    .heartbeat(Duration.ofMillis(500)).build()).addListener(heard).start();
            try {
                Eventually.await(() -> heard.events.contains("paused"), "both directions caught up");
                store.put("later", "{}");
                Eventually.await(() -> db.get("/later").status() == 200, "the later document reaches the server");
                Eventually.await(() -> heard.events.lastIndexOf("paused") > heard.events.lastIndexOf("active"),
                        "paused again");
            } finally {
                sync.stop();
                sync.await(Duration.ofSeconds(10));
            }
        }

        List<String> whole = heard.events.stream().filter(e -> e.equals("active") || e.equals("paused")
                || e.startsWith("complete")).toList();
        // Active, paused, active again for the later document, paused, then complete once stopped.
        assertThat(whole).containsSubsequence("active", "paused", "active", "paused");
        assertThat(whole.get(whole.size() - 1)).isEqualTo("complete stopped stopped");
    }
}
