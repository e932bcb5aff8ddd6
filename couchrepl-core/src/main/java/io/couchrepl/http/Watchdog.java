package io.couchrepl.http;

import java.io.Closeable;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Cuts the connection of a request whose thread was interrupted or whose server has been silent for
 * too long. A blocking socket read ignores interrupts, and a pause or stop of a replication must not
 * wait for the next heartbeat of a long poll; closing the socket is the one way to end the read.
 *
 * <p>One daemon thread checks the watched requests ten times a second, and only while there are
 * some: it ends when the last one does, so a finished command leaves no thread behind.
 */
final class Watchdog {

    /** Why a watched connection was cut. */
    enum Cut { NONE, INTERRUPTED, SILENT }

    private static final long PERIOD_NANOS = 100_000_000L;

    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private Thread thread;

    static final Watchdog INSTANCE = new Watchdog();

    /** Watches {@code connection}, used by the calling thread; not armed until {@link Watch#arm}. */
    Watch watch(Closeable connection) {
        Watch watch = new Watch(connection, Thread.currentThread());
        watches.add(watch);
        ensureRunning();
        return watch;
    }

    private synchronized void ensureRunning() {
        if (thread == null) {
            thread = new Thread(this::run, "couchrepl-http-watchdog");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void run() {
        while (true) {
            synchronized (this) {
                if (watches.isEmpty()) {
                    thread = null;
                    return;
                }
            }
            long now = System.nanoTime();
            for (Watch watch : watches) {
                watch.check(now);
            }
            LockSupport.parkNanos(PERIOD_NANOS);
        }
    }

    /** One request under watch: armed while its thread waits for bytes, disarmed while it works on them. */
    final class Watch {
        private final Closeable connection;
        private final Thread owner;
        private volatile long deadline = Long.MAX_VALUE;
        private volatile boolean armed;
        private volatile Cut cut = Cut.NONE;

        private Watch(Closeable connection, Thread owner) {
            this.connection = connection;
            this.owner = owner;
        }

        /** The thread is about to wait for bytes, for at most {@code timeoutMillis}. */
        void arm(long timeoutMillis) {
            deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            armed = true;
        }

        void disarm() {
            armed = false;
        }

        /** Why the connection was cut, if it was. */
        Cut cut() {
            return cut;
        }

        /** The request is over: nothing more to watch. */
        void done() {
            armed = false;
            watches.remove(this);
        }

        private void check(long now) {
            if (!armed || cut != Cut.NONE) {
                return;
            }
            if (owner.isInterrupted()) {
                cut = Cut.INTERRUPTED;
            } else if (now - deadline > 0) {
                cut = Cut.SILENT;
            } else {
                return;
            }
            try {
                connection.close();
            } catch (IOException ignored) {
                // Closed either way: the waiting read fails, and says why from cut().
            }
        }
    }
}
