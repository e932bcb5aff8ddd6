package io.couchrepl.spi;

import java.io.IOException;

/**
 * An endpoint could not be reached, or kept failing in ways that pass (network errors, timeouts, a
 * server error, overload, a temporarily locked account), after its own retries: a later attempt may
 * well succeed. The cause is the last failure.
 *
 * <p>A continuous replication that meets one waits and starts again from its last checkpoint; a
 * one-shot replication ends with it.
 */
public class UnavailableException extends IOException {

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether a failure, or any of its causes, is one of these. */
    public static boolean isIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnavailableException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
