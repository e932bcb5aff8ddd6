package io.couchrepl.cli;

import io.couchrepl.ReplicationState;
import io.couchrepl.ReplicationStatus;
import io.couchrepl.Replicator;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * Runs one replication for a command: progress on a terminal, the {@code --events} lines, Ctrl-C as
 * a clean stop, the JSON summary on stdout, and the exit code.
 */
final class ReplicationRun {

    private ReplicationRun() {}

    @SuppressWarnings("try") // the Interrupts resource only needs to be closed
    static int run(Replicator replicator, boolean continuous, String source, String target,
            Optional<EventLines> events, PrintWriter out, PrintWriter err) {
        long started = System.nanoTime();
        events.ifPresent(lines -> replicator.reportNewConflicts().addListener(lines));
        TerminalProgress progress = null;
        if (TerminalProgress.stderrIsTerminal()) {
            progress = new TerminalProgress(System.err);
            replicator.addListener(progress);
        }
        ReplicationStatus status;
        try (Interrupts interrupts = Interrupts.stopOnSignal(replicator::stop)) {
            status = replicator.run();
        } finally {
            if (progress != null) {
                progress.finish();
            }
        }
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        out.println(Summary.of(status, source, target, elapsed));
        out.flush();
        return exitCode(status, continuous, err);
    }

    static int exitCode(ReplicationStatus status, boolean continuous, PrintWriter err) {
        if (status.state() == ReplicationState.FAILED) {
            Throwable error = status.error().orElseThrow();
            err.println("couchrepl: " + Failures.describe(error));
            return Failures.exitCode(error);
        }
        if (status.state() == ReplicationState.STOPPED && !continuous) {
            return ExitCodes.INTERRUPTED;
        }
        return ExitCodes.OK;
    }
}
