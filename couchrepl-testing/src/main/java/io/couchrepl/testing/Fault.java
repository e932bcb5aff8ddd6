package io.couchrepl.testing;

import java.time.Duration;
import java.util.Objects;

/**
 * One thing a {@link FaultProxy} does to one request instead of forwarding it faithfully: what a
 * replicator meets on a flaky network and in front of an overloaded or restarting server.
 *
 * @param kind       what happens
 * @param status     the status a {@link Kind#STATUS} fault answers
 * @param retryAfter the {@code Retry-After} seconds a {@link Kind#STATUS} fault sends, or -1 for none
 * @param delay      how long a {@link Kind#DELAY} fault waits before forwarding
 * @param cut        for {@link Kind#DROP}, {@link Kind#RESET} and {@link Kind#TRUNCATE}: the share
 *                   of the answer's body (0 to 1) sent before the connection ends
 */
public record Fault(Kind kind, int status, int retryAfter, Duration delay, double cut) {

    /** What a fault does. */
    public enum Kind {
        /** Answers the status with a CouchDB-style error body; the server never sees the request. */
        STATUS,
        /** Waits, then forwards. */
        DELAY,
        /** Sends the headers and part of the body, then closes the connection (FIN) mid-body. */
        DROP,
        /** Sends the headers and part of the body, then resets the connection (RST). */
        RESET,
        /** Sends the headers and part of the body, then ends the body properly: valid HTTP, cut JSON. */
        TRUNCATE,
        /** Sends the headers, then nothing until the client hangs up (or a minute passes). */
        STALL,
        /** Reads the request and closes the connection without a word. */
        REFUSE
    }

    public Fault {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(delay, "delay");
        if (cut < 0 || cut > 1) {
            throw new IllegalArgumentException("cut must be between 0 and 1, got " + cut);
        }
    }

    public static Fault status(int status) {
        return new Fault(Kind.STATUS, status, -1, Duration.ZERO, 0);
    }

    /** A status with {@code Retry-After: seconds} (429 Too Many Requests, 503 Service Unavailable). */
    public static Fault status(int status, int retryAfterSeconds) {
        return new Fault(Kind.STATUS, status, retryAfterSeconds, Duration.ZERO, 0);
    }

    public static Fault delay(Duration delay) {
        return new Fault(Kind.DELAY, 0, -1, delay, 0);
    }

    public static Fault drop() {
        return new Fault(Kind.DROP, 0, -1, Duration.ZERO, 0.5);
    }

    public static Fault reset() {
        return new Fault(Kind.RESET, 0, -1, Duration.ZERO, 0.5);
    }

    public static Fault truncate() {
        return new Fault(Kind.TRUNCATE, 0, -1, Duration.ZERO, 0.5);
    }

    public static Fault stall() {
        return new Fault(Kind.STALL, 0, -1, Duration.ZERO, 0);
    }

    public static Fault refuse() {
        return new Fault(Kind.REFUSE, 0, -1, Duration.ZERO, 0);
    }

    /** The same fault, cutting the body at another share. */
    public Fault cutAt(double share) {
        return new Fault(kind, status, retryAfter, delay, share);
    }

    /** Whether this fault sends part of a real answer and so depends on where it cuts. */
    public boolean cutsBody() {
        return kind == Kind.DROP || kind == Kind.RESET || kind == Kind.TRUNCATE;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case STATUS -> status + (retryAfter >= 0 ? " (Retry-After " + retryAfter + ")" : "");
            case DELAY -> "delay " + delay.toMillis() + " ms";
            case DROP, RESET, TRUNCATE -> kind.name().toLowerCase() + " at " + Math.round(cut * 100) + "%";
            case STALL, REFUSE -> kind.name().toLowerCase();
        };
    }
}
