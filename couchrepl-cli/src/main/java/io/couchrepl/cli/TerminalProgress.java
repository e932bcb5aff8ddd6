package io.couchrepl.cli;

import io.couchrepl.ReplicationException;
import io.couchrepl.ReplicationListener;
import io.couchrepl.ReplicationStatus;
import io.couchrepl.protocol.ReplicationStats;
import java.io.PrintStream;
import java.time.Duration;

/** One progress line on a terminal's stderr, rewritten in place; silent when stderr is not a terminal. */
final class TerminalProgress implements ReplicationListener {

    private final PrintStream err;
    private final long started = System.nanoTime();
    private boolean drawn;

    TerminalProgress(PrintStream err) {
        this.err = err;
    }

    /** Whether stderr is a terminal; {@code bin/couchrepl} tells, since the JVM cannot see it. */
    static boolean stderrIsTerminal() {
        return Boolean.parseBoolean(System.getProperty("couchrepl.stderr.tty", "false"));
    }

    @Override
    public synchronized void onBatchWritten(ReplicationStats batch, ReplicationStatus status) {
        draw(status, "replicating");
    }

    @Override
    public synchronized void onWaiting(ReplicationStatus status) {
        draw(status, "waiting for changes");
    }

    @Override
    public synchronized void onCrashing(ReplicationException error, Duration retryIn, ReplicationStatus status) {
        draw(status, "unreachable, trying again in " + Math.max(1, retryIn.toSeconds()) + " s");
    }

    @Override
    public synchronized void onPaused(ReplicationStatus status) {
        draw(status, "paused");
    }

    private void draw(ReplicationStatus status, String what) {
        double seconds = (System.nanoTime() - started) / 1e9;
        long written = status.stats().docsWritten();
        err.printf("\r\033[K%s: %,d changes read, %,d revisions written, %,d failed (%.0f/s)",
                what, status.stats().changesRead(), written, status.stats().docWriteFailures(),
                seconds > 0 ? written / seconds : 0.0);
        err.flush();
        drawn = true;
    }

    /** Ends the progress line so what follows starts on a line of its own. */
    synchronized void finish() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
            drawn = false;
        }
    }
}
