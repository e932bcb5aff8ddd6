package io.couchrepl.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.http.RemoteServer;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** Discovery of databases on the real test server: through {@code _db_updates}, or by listing. */
class DatabaseDiscoveryTest {

    private final String tag = "disc" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);

    /** Records what the discovery reports. */
    private static final class Recording implements DatabaseDiscovery.Listener {
        final Set<String> added = ConcurrentHashMap.newKeySet();
        final Set<String> removed = ConcurrentHashMap.newKeySet();
        final Set<String> changed = ConcurrentHashMap.newKeySet();

        @Override
        public void added(Set<String> databases) {
            added.addAll(databases);
        }

        @Override
        public void removed(Set<String> databases) {
            removed.addAll(databases);
        }

        @Override
        public void changed(String database) {
            changed.add(database);
        }
    }

    @Test
    void followsDbUpdatesWhereTheServerKeepsThemAndTheUserMayReadThem() throws Exception {
        // CouchDB keeps _db_updates in _global_changes, which a fresh single node lacks until created.
        TestServer.shared().request("PUT", "/_global_changes", null);
        TestDb before = TestServer.shared().createDb(tag);
        Recording heard = new Recording();
        try (RemoteServer server = RemoteServer.open(TestServer.shared().url());
                DatabaseDiscovery discovery = new DatabaseDiscovery(server, DatabaseSelection.matching(tag + "-.*"),
                        Duration.ofMinutes(10), heard)) {
            assertThat(discovery.discover()).containsExactly(before.name());
            assertThat(discovery.followsUpdates()).isTrue();
            discovery.start();

            TestDb created = TestServer.shared().createDb(tag);
            await(() -> heard.added.contains(created.name()), "the created database is found");
            before.put("doc", "{}");
            await(() -> heard.changed.contains(before.name()), "the written database is reported changed");
            created.drop();
            await(() -> heard.removed.contains(created.name()), "the deleted database is dropped");
        } finally {
            before.drop();
        }
    }

    @Test
    void listsAllDbsEveryIntervalWhereDbUpdatesCannotBeRead() throws Exception {
        TestDb before = TestServer.shared().createDb(tag);
        Recording heard = new Recording();
        DatabaseCatalog listingOnly = new DatabaseCatalog() {
            private final RemoteServer server = RemoteServer.open(TestServer.shared().url());

            @Override
            public String identity() {
                return server.identity();
            }

            @Override
            public java.util.List<String> allDbs() throws java.io.IOException {
                return server.allDbs();
            }

            @Override
            public java.util.Optional<DbUpdates> updates(java.util.Optional<io.couchrepl.protocol.Seq> since,
                    Duration wait) {
                return java.util.Optional.empty(); // as for a user who is not a server admin
            }

            @Override
            public void close() {
                server.close();
            }
        };
        try (listingOnly; DatabaseDiscovery discovery = new DatabaseDiscovery(listingOnly,
                DatabaseSelection.matching(tag + "-.*"), Duration.ofMillis(200), heard)) {
            assertThat(discovery.discover()).containsExactly(before.name());
            assertThat(discovery.followsUpdates()).isFalse();
            discovery.start();
            TestDb created = TestServer.shared().createDb(tag);
            await(() -> heard.added.contains(created.name()), "the created database is found by listing");
            created.drop();
            await(() -> heard.removed.contains(created.name()), "the deleted database is dropped");
        } finally {
            before.drop();
        }
    }

    @Test
    void leavesSystemDatabasesOutUnlessNamed() {
        DatabaseSelection everything = DatabaseSelection.all();
        assertThat(everything.select(java.util.List.of("_users", "_replicator", "app")))
                .containsExactly("app");
        DatabaseSelection named = new DatabaseSelection(Set.of("_users"), java.util.Optional.of(
                java.util.regex.Pattern.compile(".*")));
        assertThat(named.select(java.util.List.of("_users", "_replicator", "app")))
                .containsExactlyInAnyOrder("_users", "app");
    }

    @Test
    void aBadPatternIsRefusedWithItsError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DatabaseSelection.matching("tenant-(["))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a regular expression: tenant-([ (");
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
