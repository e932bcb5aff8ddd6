package io.couchrepl;

import io.couchrepl.protocol.ReplicationStats;
import io.couchrepl.spi.LocalDocuments;
import io.couchrepl.spi.Source;
import io.couchrepl.spi.Target;
import io.couchrepl.spi.WriteResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Two-way replication between a local store the application reads and writes and a remote
 * database: a pull (remote to local) and a push (local to remote), one-shot or continuous.
 *
 * <p>Both replication logs are kept on the remote by default, so a local store deleted and created
 * again at the same place resumes without a full resync. Concurrent edits on both sides become the
 * same conflict on both, with the same winner, because both sides keep every leaf and choose the
 * winner by CouchDB's rule.
 */
public final class Sync {

    private final Replicator pull;
    private final Replicator push;
    private final boolean continuous;
    private final List<SyncListener> listeners = new CopyOnWriteArrayList<>();
    /** Whether the sync as a whole is idle: at the start, and after both directions paused. */
    private final AtomicBoolean idle = new AtomicBoolean(true);
    private final AtomicBoolean completed = new AtomicBoolean();

    private <L extends Source & Target, R extends Source & Target & LocalDocuments> Sync(
            L local, R remote, ReplicationOptions pullOptions, ReplicationOptions pushOptions) {
        this.continuous = pullOptions.continuous();
        this.pull = Replicator.create(remote, local, pullOptions);
        this.push = Replicator.create(local, remote, pushOptions);
        pull.addListener(new Relay(true));
        push.addListener(new Relay(false));
    }

    /**
     * A sync with the default options and the logs on the remote: the pull's on its
     * source, the push's on its target.
     */
    public static <L extends Source & Target, R extends Source & Target & LocalDocuments> Sync create(
            L local, R remote, boolean continuous) {
        return create(local, remote, ReplicationOptions.builder().continuous(continuous).build());
    }

    /**
     * A sync whose two directions share these options (filter, batch size, continuous, restart
     * policy); placements are the sync's. A replication id or a start sequence names one direction
     * only, so neither is shared.
     */
    public static <L extends Source & Target, R extends Source & Target & LocalDocuments> Sync create(
            L local, R remote, ReplicationOptions options) {
        ReplicationOptions pullOptions = shared(options).checkpoints(CheckpointPlacement.SOURCE).build();
        ReplicationOptions pushOptions = shared(options).checkpoints(CheckpointPlacement.TARGET).build();
        return new Sync(local, remote, pullOptions, pushOptions);
    }

    private static ReplicationOptions.Builder shared(ReplicationOptions options) {
        return options.toBuilder().replicationId(null).since(null);
    }

    /** The options each direction runs with: {@code true} for the pull. */
    ReplicationOptions options(boolean isPull) {
        return (isPull ? pull : push).options();
    }

    public Sync addListener(SyncListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Hears each direction's own events, as {@link Replicator#addListener} does: {@code pullListener}
     * the pull's (remote to local), {@code pushListener} the push's (local to remote).
     */
    public Sync addReplicationListeners(ReplicationListener pullListener, ReplicationListener pushListener) {
        pull.addListener(pullListener);
        push.addListener(pushListener);
        return this;
    }

    /** The pull's change events list the documents it left in conflict ({@link Replicator#reportNewConflicts()}). */
    public Sync reportNewConflicts() {
        pull.reportNewConflicts();
        return this;
    }

    /** One-shot: pulls, then pushes, on the calling thread; returns both final statuses. */
    public SyncStatus run() {
        if (continuous) {
            throw new IllegalStateException("a continuous sync runs with start() and ends with stop()");
        }
        pull.run();
        if (pull.status().state() != ReplicationState.FAILED) {
            push.run();
        }
        return status();
    }

    /** Starts both directions, each on its own thread. */
    public Sync start() {
        pull.start();
        push.start();
        return this;
    }

    public void pause() {
        pull.pause();
        push.pause();
    }

    public void resume() {
        pull.resume();
        push.resume();
    }

    public void stop() {
        pull.stop();
        push.stop();
    }

    /** Waits for both directions to end, or for the time to run out. */
    public SyncStatus await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        pull.await(timeout);
        push.await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        return status();
    }

    public SyncStatus status() {
        return new SyncStatus(pull.status(), push.status());
    }

    /** Turns each direction's events into the sync's. */
    private final class Relay implements ReplicationListener {
        private final boolean isPull;

        Relay(boolean isPull) {
            this.isPull = isPull;
        }

        @Override
        public void onBatchWritten(ReplicationStats batch, ReplicationStatus status) {
            for (SyncListener l : listeners) {
                if (isPull) {
                    l.onChangesArrived(batch, status());
                } else {
                    l.onPushed(batch, status());
                }
            }
        }

        @Override
        public void onWaiting(ReplicationStatus status) {
            pausedIfBoth();
        }

        @Override
        public void onPaused(ReplicationStatus status) {
            pausedIfBoth();
        }

        private void pausedIfBoth() {
            SyncStatus now = status();
            if (isIdle(now.pull().state()) && isIdle(now.push().state())) {
                idle.set(true);
                listeners.forEach(l -> l.onPaused(now));
            }
        }

        private boolean isIdle(ReplicationState state) {
            return state == ReplicationState.WAITING || state == ReplicationState.PAUSED;
        }

        @Override
        public void onActive(ReplicationStatus status) {
            SyncStatus now = status();
            boolean wasIdle = idle.getAndSet(false);
            listeners.forEach(l -> {
                if (wasIdle) {
                    l.onActive(now);
                }
                l.onActive(isPull, now);
            });
        }

        @Override
        public void onComplete(ReplicationStatus status) {
            SyncStatus now = status();
            if (hasEnded(now.pull().state()) && hasEnded(now.push().state()) && completed.compareAndSet(false, true)) {
                listeners.forEach(l -> l.onComplete(now));
            }
        }

        private boolean hasEnded(ReplicationState state) {
            return state == ReplicationState.COMPLETED || state == ReplicationState.STOPPED;
        }

        @Override
        public void onCrashing(ReplicationException error, Duration retryIn, ReplicationStatus status) {
            SyncStatus now = status();
            listeners.forEach(l -> l.onUnavailable(isPull, error, retryIn, now));
        }

        @Override
        public void onDenied(WriteResult.Failure denied, ReplicationStatus status) {
            SyncStatus now = status();
            listeners.forEach(l -> l.onDenied(isPull, denied, now));
        }

        @Override
        public void onError(ReplicationException error, ReplicationStatus status) {
            listeners.forEach(l -> l.onError(isPull, error, status()));
        }
    }
}
