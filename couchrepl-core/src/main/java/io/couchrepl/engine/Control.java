package io.couchrepl.engine;

/**
 * Pause, resume and stop requests to a running engine, from any thread.
 *
 * <p>A request interrupts the engine's thread only while it waits on the source (a long poll can
 * wait for hours); never while it writes to the target, so a target's I/O is never cut half way.
 */
public final class Control {

    private Thread worker;
    private boolean interruptible;
    private boolean paused;
    private boolean stopped;

    synchronized void bind(Thread thread) {
        this.worker = thread;
    }

    public synchronized void pause() {
        if (!paused && !stopped) {
            paused = true;
            interruptWorker();
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
            interruptWorker();
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

    synchronized void enterSourceCall() {
        interruptible = true;
        if (paused || stopped) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized void exitSourceCall() {
        interruptible = false;
        // An interrupt that arrived as the call returned must not reach the target's I/O.
        Thread.interrupted();
    }

    private void interruptWorker() {
        if (interruptible && worker != null) {
            worker.interrupt();
        }
    }
}
