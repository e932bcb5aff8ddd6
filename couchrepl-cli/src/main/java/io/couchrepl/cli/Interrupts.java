package io.couchrepl.cli;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns Ctrl-C (SIGINT) and SIGTERM into a clean stop: the replication ends at its checkpoint and
 * the summary is still printed, instead of the JVM dying mid-batch.
 */
final class Interrupts implements AutoCloseable {

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private Interrupts() {}

    @SuppressWarnings("removal")
    static Interrupts stopOnSignal(Runnable stop) {
        Interrupts interrupts = new Interrupts();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal signal = new Signal(name);
                interrupts.previous.add(Signal.handle(signal, s -> stop.run()));
                interrupts.signals.add(signal);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // No such signal here (or the JVM keeps it): the default handling stays.
            }
        }
        return interrupts;
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
