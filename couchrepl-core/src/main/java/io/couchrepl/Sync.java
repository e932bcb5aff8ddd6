package io.couchrepl;

import io.couchrepl.protocol.ReplicationStats;
import io.couchrepl.spi.LocalDocuments;
import io.couchrepl.spi.Source;
import io.couchrepl.spi.Target;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

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
            boolean idle = isIdle(now.pull().state()) && isIdle(now.push().state());
            if (idle) {
                listeners.forEach(l -> l.onPaused(now));
            }
        }

        private boolean isIdle(ReplicationState state) {
            return state == ReplicationState.WAITING || state == ReplicationState.PAUSED;
        }

        @Override
        public void onError(ReplicationException error, ReplicationStatus status) {
            listeners.forEach(l -> l.onError(isPull, error, status()));
        }
    }
}
