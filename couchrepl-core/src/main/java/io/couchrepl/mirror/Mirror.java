package io.couchrepl.mirror;

import io.couchrepl.ReplicationListener;
import io.couchrepl.ReplicationOptions;
import io.couchrepl.ReplicationState;
import io.couchrepl.protocol.ReplicationStats;
import io.couchrepl.ReplicationStatus;
import io.couchrepl.Replicator;
import io.couchrepl.spi.Source;
import io.couchrepl.spi.Target;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * Keeps the selected databases of a server in step with one target each: many databases in one
 * process, with bounded concurrency and the busy ones first ({@link DatabaseScheduler}).
 *
 * <pre>{@code
 * try (RemoteServer server = RemoteServer.open("http://admin:secret@127.0.0.1:5984")) {
 *     MirrorResult result = Mirror.builder(server, DatabaseSelection.matching("tenant-.*"),
 *             server::database, db -> SqliteStore.open(dir.resolve(db + ".store"))).build().run();
 * }
 * }</pre>
 *
 * <p>Each turn of a database is one one-shot replication ({@link Replicator}) from the source to
 * its target, resuming from the checkpoint the target keeps: a second run fetches only what
 * changed. One-shot, {@link #run()} gives every database one turn (more while a turn ends before
 * the end of its feed) and returns. Continuous, it follows the server ({@link DatabaseDiscovery}:
 * new databases are added, deleted ones dropped, changed ones get a turn) until {@link #stop()}.
 * A failed turn is reported in the result; continuous, the database is tried again after
 * {@code retryDelay}.
 */
public final class Mirror {

    /** Opens one side of a database's replication for a turn; the mirror closes it after the turn. */
    @FunctionalInterface
    public interface Opener<T extends AutoCloseable> {
        T open(String database) throws IOException;
    }

    private final DatabaseCatalog catalog;
    private final DatabaseSelection selection;
    private final Opener<? extends Source> sources;
    private final Opener<? extends Target> targets;
    private final ReplicationOptions options;
    private final int concurrency;
    private final boolean continuous;
    private final Duration pollInterval;
    private final Duration retryDelay;
    private final Function<String, ? extends ReplicationListener> listeners;
    private final Map<String, ReplicationStats> stats = new ConcurrentHashMap<>();
    private final Map<String, Replicator> running = new ConcurrentHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    /** The scheduler the discovery reports to, once it exists. */
    private volatile DatabaseScheduler scheduler;

    private Mirror(Builder b) {
        this.catalog = b.catalog;
        this.selection = b.selection;
        this.sources = b.sources;
        this.targets = b.targets;
        this.options = b.options;
        this.concurrency = b.concurrency;
        this.continuous = b.continuous;
        this.pollInterval = b.pollInterval;
        this.retryDelay = b.retryDelay;
        this.listeners = b.listeners;
    }

    public static Builder builder(DatabaseCatalog catalog, DatabaseSelection selection,
            Opener<? extends Source> sources, Opener<? extends Target> targets) {
        return new Builder(catalog, selection, sources, targets);
    }

    /**
     * Runs until every database is in step (one-shot) or until {@link #stop()} (continuous), on the
     * calling thread and {@code concurrency} workers.
     *
     * @throws IOException when the server's databases cannot be listed at the start
     */
    public MirrorResult run() throws IOException, InterruptedException {
        try (DatabaseDiscovery discovery = new DatabaseDiscovery(catalog, selection, pollInterval, new Found())) {
            Set<String> databases = discovery.discover();
            // Following _db_updates, a quiet database waits until it changes; else it is polled.
            Duration polls = !continuous || discovery.followsUpdates() ? Duration.ZERO : pollInterval;
            scheduler = new DatabaseScheduler(concurrency, polls, continuous ? retryDelay : Duration.ZERO, this::turn);
            scheduler.add(databases);
            scheduler.start();
            if (continuous) {
                discovery.start();
                stopped.await();
            } else {
                while (!scheduler.awaitIdle(Duration.ofSeconds(1))) {
                    if (stopping) {
                        break;
                    }
                }
            }
        } finally {
            if (scheduler != null) {
                running.values().forEach(Replicator::stop);
                scheduler.close();
            }
        }
        Map<String, Exception> failures = scheduler.failures();
        Map<String, MirrorResult.DatabaseResult> results = new java.util.TreeMap<>();
        for (String db : scheduler.databases()) {
            Exception failure = failures.get(db);
            results.put(db, new MirrorResult.DatabaseResult(stats.getOrDefault(db, ReplicationStats.ZERO),
                    Optional.ofNullable(failure).map(Mirror::asReplicationException)));
        }
        return new MirrorResult(results);
    }

    private static io.couchrepl.ReplicationException asReplicationException(Exception e) {
        return e instanceof io.couchrepl.ReplicationException r ? r
                : new io.couchrepl.ReplicationException("mirror", e.getMessage(), e);
    }

    /** Ends a run: replications under way stop at their last checkpoint. */
    public void stop() {
        stopping = true;
        running.values().forEach(Replicator::stop);
        stopped.countDown();
    }

    private DatabaseScheduler.Outcome turn(String database) throws IOException {
        if (stopping) {
            return new DatabaseScheduler.Outcome(0, true);
        }
        try (Source source = sources.open(database); Target target = targets.open(database)) {
            Replicator replicator = Replicator.create(source, target, options);
            ReplicationListener listener = listeners.apply(database);
            if (listener != null) {
                replicator.addListener(listener);
            }
            running.put(database, replicator);
            ReplicationStatus status;
            try {
                status = replicator.run();
            } finally {
                running.remove(database);
            }
            stats.merge(database, status.stats(), ReplicationStats::plus);
            if (status.state() == ReplicationState.FAILED) {
                throw status.error().orElseThrow();
            }
            return new DatabaseScheduler.Outcome(status.stats().changesRead(), status.state() == ReplicationState.COMPLETED);
        }
    }

    /** Passes what the discovery finds to the scheduler. */
    private final class Found implements DatabaseDiscovery.Listener {
        @Override
        public void added(Set<String> databases) {
            scheduler.add(databases);
        }

        @Override
        public void removed(Set<String> databases) {
            scheduler.remove(databases);
        }

        @Override
        public void changed(String database) {
            scheduler.changed(database);
        }
    }

    /** Collects a mirror's settings; {@link #build()} validates them. */
    public static final class Builder {
        private final DatabaseCatalog catalog;
        private final DatabaseSelection selection;
        private final Opener<? extends Source> sources;
        private final Opener<? extends Target> targets;
        private ReplicationOptions options = ReplicationOptions.defaults();
        private int concurrency = 4;
        private boolean continuous;
        private Duration pollInterval = Duration.ofSeconds(10);
        private Duration retryDelay = Duration.ofSeconds(30);
        private Function<String, ? extends ReplicationListener> listeners = db -> null;

        private Builder(DatabaseCatalog catalog, DatabaseSelection selection, Opener<? extends Source> sources,
                Opener<? extends Target> targets) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            this.selection = Objects.requireNonNull(selection, "selection");
            this.sources = Objects.requireNonNull(sources, "sources");
            this.targets = Objects.requireNonNull(targets, "targets");
        }

        /** The options of each turn's replication; one-shot (the mirror itself is what continues). */
        public Builder options(ReplicationOptions options) {
            this.options = options;
            return this;
        }

        /** Databases replicated at once; default 4. */
        /**
         * Each turn of a database tells the listener this gives for its name (none when it gives
         * null) what the turn's replication does.
         */
        public Builder listeners(Function<String, ? extends ReplicationListener> perDatabase) {
            this.listeners = Objects.requireNonNull(perDatabase, "perDatabase");
            return this;
        }

        public Builder concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        public Builder continuous(boolean continuous) {
            this.continuous = continuous;
            return this;
        }

        /** How often a continuous mirror lists the server and polls quiet databases without {@code _db_updates}; default 10 s. */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        /** How long a continuous mirror waits before trying a failed database again; default 30 s. */
        public Builder retryDelay(Duration retryDelay) {
            this.retryDelay = retryDelay;
            return this;
        }

        public Mirror build() {
            Objects.requireNonNull(options, "options");
            if (options.continuous()) {
                throw new IllegalArgumentException(
                        "options must be one-shot: each turn is a one-shot replication; make the mirror continuous instead");
            }
            if (options.since().isPresent() || options.replicationId().isPresent()) {
                throw new IllegalArgumentException("options must not set since or replicationId: they differ per database");
            }
            if (concurrency < 1 || concurrency > 256) {
                throw new IllegalArgumentException("concurrency must be between 1 and 256, got " + concurrency);
            }
            if (pollInterval == null || pollInterval.toMillis() < 1) {
                throw new IllegalArgumentException("pollInterval must be at least 1 ms, got " + pollInterval);
            }
            if (retryDelay == null || retryDelay.toMillis() < 1) {
                throw new IllegalArgumentException("retryDelay must be at least 1 ms, got " + retryDelay);
            }
            return new Mirror(this);
        }
    }
}
