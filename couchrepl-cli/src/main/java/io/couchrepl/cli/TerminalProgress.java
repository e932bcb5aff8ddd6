package io.couchrepl.cli;

import io.couchrepl.ReplicationChange;
import io.couchrepl.ReplicationException;
import io.couchrepl.ReplicationListener;
import io.couchrepl.ReplicationStatus;
import io.couchrepl.protocol.ReplicationStats;
import java.io.PrintStream;
import java.time.Duration;
import java.util.OptionalLong;

/** One progress line on a terminal's stderr, rewritten in place; silent when stderr is not a terminal. */
final class TerminalProgress implements ReplicationListener {

    private final PrintStream err;
    private final long started = System.nanoTime();
    private boolean drawn;
    private OptionalLong pending = OptionalLong.empty();

    TerminalProgress(PrintStream err) {
        this.err = err;
    }

    /** Whether stderr is a terminal; {@code bin/couchrepl} tells, since the JVM cannot see it. */
    static boolean stderrIsTerminal() {
        return Boolean.parseBoolean(System.getProperty("couchrepl.stderr.tty", "false"));
    }

    @Override
    public synchronized void onChange(ReplicationChange change, ReplicationStatus status) {
        pending = change.pending();
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
        err.print("\r\033[K" + line(what, status.stats(), pending, (System.nanoTime() - started) / 1e9));
        err.flush();
        drawn = true;
    }

    /**
     * The progress line's text: the counters and the rate, then, when the source tells how many
     * changes remain, the share of the feed read and the time left at the rate so far.
     */
    static String line(String what, ReplicationStats stats, OptionalLong pending, double seconds) {
        long written = stats.docsWritten();
        String text = String.format("%s: %,d changes read, %,d revisions written, %,d failed (%.0f/s)",
                what, stats.changesRead(), written, stats.docWriteFailures(), seconds > 0 ? written / seconds : 0.0);
        long read = stats.changesRead();
        if (pending.isEmpty() || read + pending.getAsLong() == 0) {
            return text;
        }
        long left = pending.getAsLong();
        text += String.format(", %d%%", (int) Math.floor(100.0 * read / (read + left)));
        if (left > 0 && read > 0 && seconds > 0) {
            text += ", about " + duration(Math.round(seconds * left / read)) + " left";
        }
        return text;
    }

    private static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format("%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format("%d h %02d min", seconds / 3600, seconds % 3600 / 60);
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
