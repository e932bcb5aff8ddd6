package io.couchrepl.mirror;

import io.couchrepl.protocol.Seq;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the set of selected databases current: from {@code _db_updates} where the user may read it
 * (created, updated and deleted databases as they happen), else by listing {@code _all_dbs} every
 * {@code pollInterval}. It tells a {@link Listener}; on a thread of its own once {@link #start()}ed.
 */
public final class DatabaseDiscovery implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseDiscovery.class);

    /** How long one {@code _db_updates} request waits for news before it is asked again. */
    private static final Duration UPDATES_WAIT = Duration.ofSeconds(10);

    /** Hears what the discovery finds; called on the discovery's thread. */
    public interface Listener {
        void added(Set<String> databases);

        void removed(Set<String> databases);

        /** A selected database was written to. */
        default void changed(String database) {}
    }

    private final DatabaseCatalog catalog;
    private final DatabaseSelection selection;
    private final Duration pollInterval;
    private final Listener listener;
    private final Set<String> known = new HashSet<>();
    private Optional<Seq> updatesSeq = Optional.empty();
    private volatile boolean followsUpdates;
    private volatile boolean closed;
    private Thread thread;

    public DatabaseDiscovery(DatabaseCatalog catalog, DatabaseSelection selection, Duration pollInterval,
            Listener listener) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.selection = Objects.requireNonNull(selection, "selection");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.listener = Objects.requireNonNull(listener, "listener");
        if (pollInterval.toMillis() < 1) {
            throw new IllegalArgumentException("pollInterval must be at least 1 ms, got " + pollInterval);
        }
    }

    /**
     * Finds the selected databases now, and whether {@code _db_updates} can be followed; returns
     * them (the listener hears nothing of this first set).
     */
    public synchronized Set<String> discover() throws IOException {
        // The feed's position is taken first, so that nothing created during the listing is missed.
        Optional<DbUpdates> probe = catalog.updates(Optional.empty(), Duration.ofMillis(1));
        followsUpdates = probe.isPresent();
        updatesSeq = probe.map(DbUpdates::lastSeq);
        Set<String> selected = selection.needsListing() ? selection.select(catalog.allDbs()) : selection.names();
        known.clear();
        known.addAll(selected);
        return Set.copyOf(selected);
    }

    /** Whether changes come from {@code _db_updates}; otherwise each database must be polled. */
    public boolean followsUpdates() {
        return followsUpdates;
    }

    /** Follows the server on a daemon thread until closed. */
    public synchronized DatabaseDiscovery start() {
        if (thread != null) {
            throw new IllegalStateException("the discovery has already been started");
        }
        thread = new Thread(this::follow, "couchrepl-discovery");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void follow() {
        while (!closed) {
            try {
                if (followsUpdates) {
                    followUpdates();
                } else {
                    Thread.sleep(pollInterval.toMillis());
                    relist();
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                log.warn("cannot discover the databases of {}: {}; trying again in {} ms", catalog.identity(),
                        e.getMessage(), pollInterval.toMillis());
                try {
                    Thread.sleep(pollInterval.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void followUpdates() throws IOException {
        Optional<DbUpdates> answer = catalog.updates(updatesSeq, UPDATES_WAIT);
        if (answer.isEmpty()) {
            // The rights changed under us: list instead from now on.
            followsUpdates = false;
            return;
        }
        updatesSeq = Optional.of(answer.get().lastSeq());
        Set<String> added = new LinkedHashSet<>();
        Set<String> removed = new LinkedHashSet<>();
        for (DbUpdates.Update update : answer.get().updates()) {
            String db = update.database();
            if (!selection.selects(db)) {
                continue;
            }
            if (update.isDeleted()) {
                if (known.remove(db)) {
                    removed.add(db);
                    added.remove(db);
                }
            } else if (known.add(db)) {
                added.add(db);
                removed.remove(db);
            } else {
                listener.changed(db);
            }
        }
        tell(added, removed);
    }

    private void relist() throws IOException {
        if (!selection.needsListing()) {
            return;
        }
        Set<String> now = selection.select(catalog.allDbs());
        Set<String> added = new LinkedHashSet<>(now);
        added.removeAll(known);
        Set<String> removed = new LinkedHashSet<>(known);
        removed.removeAll(now);
        known.clear();
        known.addAll(now);
        tell(added, removed);
    }

    private void tell(Set<String> added, Set<String> removed) {
        if (!added.isEmpty()) {
            log.info("found {} new database(s) on {}: {}", added.size(), catalog.identity(), preview(added));
            listener.added(Set.copyOf(added));
        }
        if (!removed.isEmpty()) {
            log.info("{} database(s) gone from {}: {}", removed.size(), catalog.identity(), preview(removed));
            listener.removed(Set.copyOf(removed));
        }
    }

    private static String preview(Set<String> names) {
        List<String> first = names.stream().limit(5).toList();
        return String.join(", ", first) + (names.size() > first.size() ? ", ..." : "");
    }

    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
        }
    }
}
