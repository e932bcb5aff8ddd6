package io.couchrepl;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently to try again after a failure that may pass: up to {@code retries}
 * more attempts, waiting {@code initialDelay} before the first, doubling each time up to
 * {@code maxDelay}, each wait jittered (see {@link Backoff}).
 *
 * <p>CouchDB's replicator retries a request 5 times, starting at 250 ms; {@link #defaults()} does
 * the same, with waits capped at 30 s.
 *
 * @param retries      attempts after the first, 0 for none; {@link Integer#MAX_VALUE} for no limit
 * @param initialDelay the wait before the first retry
 * @param maxDelay     the ceiling of any one wait
 */
public record RetryPolicy(int retries, Duration initialDelay, Duration maxDelay) {

    public static final int DEFAULT_RETRIES = 5;
    public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofMillis(250);
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(30);

    public RetryPolicy {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be 0 or more, got " + retries);
        }
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative()) {
            throw new IllegalArgumentException("initialDelay must not be negative, got " + initialDelay.toMillis() + " ms");
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("maxDelay must be at least initialDelay (" + initialDelay.toMillis()
                    + " ms), got " + maxDelay.toMillis() + " ms");
        }
    }

    /** 5 retries, from 250 ms, doubling, at most 30 s apart. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(DEFAULT_RETRIES, DEFAULT_INITIAL_DELAY, DEFAULT_MAX_DELAY);
    }

    /** Fail at the first failure. */
    public static RetryPolicy none() {
        return new RetryPolicy(0, Duration.ZERO, Duration.ZERO);
    }

    /** Never give up, waiting from {@code initialDelay} up to {@code maxDelay}. */
    public static RetryPolicy forever(Duration initialDelay, Duration maxDelay) {
        return new RetryPolicy(Integer.MAX_VALUE, initialDelay, maxDelay);
    }

    public boolean isUnlimited() {
        return retries == Integer.MAX_VALUE;
    }
}
