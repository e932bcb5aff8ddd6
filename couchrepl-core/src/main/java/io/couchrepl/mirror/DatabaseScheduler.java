package io.couchrepl.mirror;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps many databases in step with bounded concurrency, busy ones first: the "many databases in
 * one process" scheduler behind {@link Mirror} and the Kafka source connector's tasks.
 *
 * <p>A database gets a <em>turn</em> ({@link Turn#run}) when it is due: never run yet, reported
 * changed ({@link #changed}), its last turn stopped before the end of its feed, or,
 * when {@code pollInterval} is set, that long after its last turn (a quiet database is looked at
 * now and then, for servers whose {@code _db_updates} the user may not read). Among the due ones,
 * new databases go first, then changed ones, then quiet ones whose poll is due, then those with
 * more of their feed to read; within each, the busiest first: the one whose recent turns moved the
 * most changes (see {@link #busier}). A database never has
 * two turns at once, and at most {@code concurrency} turns run together. So a process with 500
 * quiet databases and 3 busy ones spends its turns on the 3, and looks at each quiet one at most
 * once a poll interval.
 *
 * <p>A turn that fails is logged and kept for {@link #failures()}; the database is due again after
 * {@code retryDelay}, or, with a zero {@code retryDelay}, only once reported changed. Thread-safe.
 */
public final class DatabaseScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseScheduler.class);

    /** One turn of one database: moves what is there now. */
    @FunctionalInterface
    public interface Turn {
        /**
         * Runs one turn for {@code database}. An exception marks the turn failed;
         * {@link InterruptedException} ends the scheduler's worker.
         */
        Outcome run(String database) throws Exception;
    }

    /**
     * What a turn did: the changes it moved, and whether it reached the end of the feed (if not,
     * the database is due again at once).
     */
    public record Outcome(long changes, boolean caughtUp) {
        public Outcome {
            if (changes < 0) {
                throw new IllegalArgumentException("changes must not be negative, got " + changes);
            }
        }
    }

    private final int concurrency;
    private final Duration pollInterval;
    private final Duration retryDelay;
    private final Turn turn;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Map<String, Entry> entries = new HashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closed;

    /** What the scheduler knows of one database. */
    private static final class Entry {
        final String name;
        boolean running;
        boolean neverRun = true;
        boolean changed;
        boolean behind;
        /** Changes moved in recent turns, halved each turn: how busy the database is lately. */
        double activity;
        long lastTurnEndedNanos;
        long notBeforeNanos;
        long turns;
        Exception lastFailure;

        Entry(String name) {
            this.name = name;
        }
    }

    /**
     * A scheduler that runs {@code turn} on {@code concurrency} worker threads once {@link #start()}ed.
     *
     * @param pollInterval a quiet database's next turn after this long; {@link Duration#ZERO} for
     *                     never (turns only when reported changed)
     */
    public DatabaseScheduler(int concurrency, Duration pollInterval, Duration retryDelay, Turn turn) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        this.concurrency = concurrency;
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.retryDelay = Objects.requireNonNull(retryDelay, "retryDelay");
        this.turn = Objects.requireNonNull(turn, "turn");
    }

    /** Starts the worker threads. */
    public synchronized DatabaseScheduler start() {
        if (!workers.isEmpty()) {
            throw new IllegalStateException("the scheduler has already been started");
        }
        for (int i = 0; i < concurrency; i++) {
            Thread worker = new Thread(this::work, "couchrepl-mirror-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        return this;
    }

    /** Adds databases; a new one is due at once. */
    public void add(Set<String> databases) {
        lock.lock();
        try {
            for (String db : databases) {
                entries.computeIfAbsent(db, Entry::new);
            }
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Removes databases (deleted, or no longer selected); a turn under way finishes. */
    public void remove(Set<String> databases) {
        lock.lock();
        try {
            entries.keySet().removeAll(databases);
        } finally {
            lock.unlock();
        }
    }

    /** The databases scheduled now. */
    public Set<String> databases() {
        lock.lock();
        try {
            return Set.copyOf(entries.keySet());
        } finally {
            lock.unlock();
        }
    }

    /** Reports that a database changed: it is due (again) as soon as a worker is free. */
    public void changed(String database) {
        lock.lock();
        try {
            Entry entry = entries.get(database);
            if (entry != null) {
                entry.changed = true;
                wake.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** How many turns each database has had. */
    public Map<String, Long> turns() {
        lock.lock();
        try {
            Map<String, Long> turns = new HashMap<>();
            entries.values().forEach(e -> turns.put(e.name, e.turns));
            return turns;
        } finally {
            lock.unlock();
        }
    }

    /** The failure of each database whose last turn failed. */
    public Map<String, Exception> failures() {
        lock.lock();
        try {
            Map<String, Exception> failures = new HashMap<>();
            entries.values().stream().filter(e -> e.lastFailure != null).forEach(e -> failures.put(e.name, e.lastFailure));
            return failures;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every database has had a turn and none is due or running (with no poll interval:
     * everything known is in step), or the time runs out; returns whether it was reached.
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!isIdle()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wake.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private boolean isIdle() {
        for (Entry e : entries.values()) {
            if (e.running || dueAt(e) != Long.MAX_VALUE && (e.neverRun || e.changed || e.behind || e.lastFailure != null)) {
                return false;
            }
        }
        return true;
    }

    private void work() {
        try {
            while (!closed) {
                Entry entry = next();
                if (entry == null) {
                    return;
                }
                runTurn(entry);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the busiest due database and marks it running; null once closed. */
    private Entry next() throws InterruptedException {
        lock.lock();
        try {
            while (!closed) {
                long now = System.nanoTime();
                Entry best = null;
                long nextDue = Long.MAX_VALUE;
                for (Entry e : entries.values()) {
                    if (e.running) {
                        continue;
                    }
                    long dueAt = dueAt(e);
                    if (dueAt <= now) {
                        if (best == null || busier(e, best)) {
                            best = e;
                        }
                    } else {
                        nextDue = Math.min(nextDue, dueAt);
                    }
                }
                if (best != null) {
                    best.running = true;
                    best.changed = false;
                    return best;
                }
                if (nextDue == Long.MAX_VALUE) {
                    wake.await();
                } else {
                    wake.awaitNanos(nextDue - now);
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** When the database is due next, in {@link System#nanoTime()}; {@code Long.MAX_VALUE} for not until told. */
    private long dueAt(Entry e) {
        if (e.neverRun || e.changed) {
            return e.notBeforeNanos;
        }
        if (e.lastFailure != null) {
            return retryDelay.isZero() ? Long.MAX_VALUE : e.notBeforeNanos;
        }
        if (e.behind) {
            return 0;
        }
        if (pollInterval.isZero()) {
            return Long.MAX_VALUE;
        }
        return e.lastTurnEndedNanos + pollInterval.toNanos();
    }

    /**
     * Which due database goes first: a new one, then one reported changed, then a quiet one whose
     * poll is due (cheap, and at most once a poll interval each, so it never starves), then one
     * whose last turn stopped before the end of its feed; within each, the one that moved the most
     * changes lately, then the one waiting longest.
     */
    private static boolean busier(Entry a, Entry b) {
        int ta = tier(a);
        int tb = tier(b);
        if (ta != tb) {
            return ta < tb;
        }
        if (a.activity != b.activity) {
            return a.activity > b.activity;
        }
        return a.lastTurnEndedNanos < b.lastTurnEndedNanos;
    }

    private static int tier(Entry e) {
        if (e.neverRun) {
            return 0;
        }
        if (e.changed) {
            return 1;
        }
        return e.behind ? 3 : 2;
    }

    private void runTurn(Entry entry) throws InterruptedException {
        Outcome outcome = new Outcome(0, true);
        Exception failure = null;
        try {
            outcome = turn.run(entry.name);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            failure = e;
            log.warn("database {}: {}", entry.name, e.getMessage());
        } finally {
            lock.lock();
            try {
                entry.running = false;
                entry.neverRun = false;
                entry.turns++;
                entry.behind = failure == null && !outcome.caughtUp();
                entry.activity = entry.activity / 2 + outcome.changes();
                entry.lastTurnEndedNanos = System.nanoTime();
                entry.lastFailure = failure;
                entry.notBeforeNanos = failure == null ? 0 : entry.lastTurnEndedNanos + retryDelay.toNanos();
                wake.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Stops the workers: no new turn starts; a turn under way gets {@code grace} to end (stop it
     * first, as {@link Mirror} stops its replications), then its thread is interrupted.
     */
    public void close(Duration grace) {
        closed = true;
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        List<Thread> started;
        synchronized (this) {
            started = List.copyOf(workers);
        }
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            for (Thread worker : started) {
                worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            for (Thread worker : started) {
                worker.interrupt();
            }
            for (Thread worker : started) {
                worker.join(TimeUnit.SECONDS.toMillis(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@link #close(Duration)} with ten seconds' grace. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
