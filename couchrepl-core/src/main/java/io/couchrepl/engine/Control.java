package io.couchrepl.engine;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Pause, resume and stop requests to a running engine, from any thread.
 *
 * <p>A request cuts short only waits on the source that are safe to cut: a long poll for new
 * changes (on pause and stop) and a fetch in progress (on stop only, since a stopped replication
 * writes nothing after it). Never a write to the target, so a target's I/O is never cut half way.
 */
public final class Control {

    private final Set<Thread> waiting = new HashSet<>();
    private final Set<Thread> fetching = new HashSet<>();
    private boolean paused;
    private boolean stopped;

    public synchronized void pause() {
        if (!paused && !stopped) {
            paused = true;
            waiting.forEach(Thread::interrupt);
        }
    }

    public synchronized void resume() {
        if (paused) {
            paused = false;
            notifyAll();
        }
    }

    public synchronized void stop() {
        if (!stopped) {
            stopped = true;
            waiting.forEach(Thread::interrupt);
            fetching.forEach(Thread::interrupt);
            notifyAll();
        }
    }

    public synchronized boolean isStopped() {
        return stopped;
    }

    public synchronized boolean isPaused() {
        return paused;
    }

    /** Whether a pause or stop is asked: what a wait interrupted on the source means. */
    synchronized boolean isRequested() {
        return paused || stopped;
    }

    /** Blocks while paused; returns false once stopped. */
    synchronized boolean awaitRunnable() throws InterruptedException {
        while (paused && !stopped) {
            wait();
        }
        return !stopped;
    }

    /** Waits {@code time}, cut short by a stop; returns false once stopped. A pause does not cut it short. */
    public synchronized boolean sleep(Duration time) throws InterruptedException {
        long deadline = System.nanoTime() + time.toNanos();
        while (!stopped) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return false;
    }

    /** The calling thread waits for new changes: a pause or a stop may cut it short. */
    synchronized void enterWait() {
        waiting.add(Thread.currentThread());
        if (paused || stopped) {
            Thread.currentThread().interrupt();
        }
    }

    /** The calling thread fetches revisions: only a stop may cut it short. */
    synchronized void enterFetch() {
        fetching.add(Thread.currentThread());
        if (stopped) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized void exit() {
        waiting.remove(Thread.currentThread());
        fetching.remove(Thread.currentThread());
        // An interrupt that arrived as the call returned must not reach the target's I/O.
        Thread.interrupted();
    }
}
