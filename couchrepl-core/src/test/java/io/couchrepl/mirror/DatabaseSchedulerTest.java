package io.couchrepl.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The busy-first scheduler: bounded concurrency, every database once, then the busy ones. */
class DatabaseSchedulerTest {

    private static Set<String> names(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).collect(Collectors.toSet());
    }

    @Test
    void givesEveryDatabaseATurnWithBoundedConcurrency() throws Exception {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        try (DatabaseScheduler scheduler = new DatabaseScheduler(3, Duration.ZERO, Duration.ZERO, db -> {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            Thread.sleep(2);
            seen.add(db);
            now.decrementAndGet();
            return new DatabaseScheduler.Outcome(0, true);
        })) {
            scheduler.add(names("db", 60));
            scheduler.start();
            assertThat(scheduler.awaitIdle(Duration.ofSeconds(20))).isTrue();
            assertThat(seen).hasSize(60);
            assertThat(most.get()).isBetween(1, 3);
            assertThat(scheduler.turns().values()).containsOnly(1L);
        }
    }

    @Test
    void spendsItsTurnsOnTheBusyDatabasesNotOnTheQuietOnes() throws Exception {
        Set<String> quiet = names("quiet", 500);
        Set<String> busy = Set.of("busy-a", "busy-b", "busy-c");
        Map<String, AtomicInteger> turns = new ConcurrentHashMap<>();
        // The busy ones always have another page waiting; a quiet one is in step after one turn.
        try (DatabaseScheduler scheduler = new DatabaseScheduler(2, Duration.ofSeconds(30), Duration.ZERO, db -> {
            turns.computeIfAbsent(db, d -> new AtomicInteger()).incrementAndGet();
            Thread.sleep(1);
            return busy.contains(db) ? new DatabaseScheduler.Outcome(100, false) : new DatabaseScheduler.Outcome(0, true);
        })) {
            Set<String> all = new HashSet<>(quiet);
            all.addAll(busy);
            scheduler.add(all);
            scheduler.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (quiet.stream().anyMatch(q -> !turns.containsKey(q)) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(300);
            Map<String, Integer> snapshot = turns.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
            // Every quiet database had its first turn, and only that one within the poll interval...
            assertThat(quiet).allMatch(q -> snapshot.getOrDefault(q, 0) == 1);
            // ...while the busy ones had turns again and again.
            int busyTurns = busy.stream().mapToInt(b -> snapshot.get(b)).sum();
            assertThat(busyTurns).isGreaterThan(100);
        }
    }

    @Test
    void busyDatabasesGoBeforeQuietOnesThatAreDue() throws Exception {
        List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger blockerTurns = new AtomicInteger();
        // One worker, so the order of turns is the scheduler's choice alone.
        try (DatabaseScheduler scheduler = new DatabaseScheduler(1, Duration.ZERO, Duration.ZERO, db -> {
            order.add(db);
            if (db.equals("blocker") && blockerTurns.incrementAndGet() == 2) {
                holding.countDown();
                release.await();
            }
            return new DatabaseScheduler.Outcome(db.startsWith("busy") ? 50 : 0, true);
        })) {
            scheduler.add(Set.of("busy", "quiet-1", "quiet-2", "blocker"));
            scheduler.start();
            assertThat(scheduler.awaitIdle(Duration.ofSeconds(10))).isTrue();
            order.clear();
            scheduler.changed("blocker");
            holding.await();
            // While the only worker is busy, all three are reported changed, the busy one last.
            scheduler.changed("quiet-1");
            scheduler.changed("quiet-2");
            scheduler.changed("busy");
            release.countDown();
            assertThat(scheduler.awaitIdle(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(order).hasSize(4);
        assertThat(order.get(0)).isEqualTo("blocker");
        assertThat(order.get(1)).isEqualTo("busy");
    }

    @Test
    void aFailedTurnIsReportedAndNotRetriedWithoutARetryDelay() throws Exception {
        try (DatabaseScheduler scheduler = new DatabaseScheduler(2, Duration.ZERO, Duration.ZERO, db -> {
            if (db.equals("broken")) {
                throw new java.io.IOException("database broken does not exist");
            }
            return new DatabaseScheduler.Outcome(1, true);
        })) {
            scheduler.add(Set.of("broken", "fine"));
            scheduler.start();
            assertThat(scheduler.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(scheduler.failures()).containsOnlyKeys("broken");
            assertThat(scheduler.failures().get("broken")).hasMessage("database broken does not exist");
            assertThat(scheduler.turns()).containsEntry("broken", 1L);
        }
    }

    @Test
    void aDatabaseReportedChangedGetsAnotherTurn() throws Exception {
        AtomicInteger turns = new AtomicInteger();
        try (DatabaseScheduler scheduler = new DatabaseScheduler(1, Duration.ZERO, Duration.ZERO, db -> {
            turns.incrementAndGet();
            return new DatabaseScheduler.Outcome(0, true);
        })) {
            scheduler.add(Set.of("one"));
            scheduler.start();
            assertThat(scheduler.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(turns.get()).isEqualTo(1);
            scheduler.changed("one");
            Thread.sleep(50);
            assertThat(scheduler.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(turns.get()).isEqualTo(2);
        }
    }
}
