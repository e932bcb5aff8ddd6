package io.couchrepl.retry;

import io.couchrepl.RetryPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The waits of one series of retries under a {@link RetryPolicy}: exponential, capped, with jitter,
 * and the server's own {@code Retry-After} when it gives one. Not thread-safe: one per series.
 *
 * <p>The n-th wait is drawn between half and all of {@code min(maxDelay, initialDelay * 2^n)}
 * ("equal jitter"): clients that failed together do not come back together, and no wait is shorter
 * than half the schedule.
 */
public final class Backoff {

    /** A {@code Retry-After} beyond this is taken as this: a server's typo should not park a replication for days. */
    static final Duration RETRY_AFTER_LIMIT = Duration.ofHours(1);

    private final RetryPolicy policy;
    private final RandomGenerator random;
    private int retriesUsed;

    public Backoff(RetryPolicy policy, RandomGenerator random) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.random = Objects.requireNonNull(random, "random");
    }

    public Backoff(RetryPolicy policy) {
        this(policy, RandomGenerator.getDefault());
    }

    /** Whether the policy allows another attempt. */
    public boolean hasNext() {
        return retriesUsed < policy.retries();
    }

    /** Retries taken so far in this series. */
    public int retriesUsed() {
        return retriesUsed;
    }

    /** The wait before the next attempt; counts that attempt. */
    public Duration next() {
        return next(Optional.empty());
    }

    /** The wait before the next attempt: what the server asked for, if it did, else the schedule's. */
    public Duration next(Optional<Duration> retryAfter) {
        if (!hasNext()) {
            throw new IllegalStateException("no retries left of " + policy.retries());
        }
        int n = retriesUsed++;
        if (retryAfter.isPresent() && !retryAfter.get().isNegative()) {
            Duration asked = retryAfter.get();
            return asked.compareTo(RETRY_AFTER_LIMIT) > 0 ? RETRY_AFTER_LIMIT : asked;
        }
        long ceiling = scheduled(n);
        long half = ceiling / 2;
        return Duration.ofMillis(half + (ceiling - half == 0 ? 0 : random.nextLong(ceiling - half + 1)));
    }

    /** Starts the series over, after a success. */
    public void reset() {
        retriesUsed = 0;
    }

    private long scheduled(int n) {
        long initial = policy.initialDelay().toMillis();
        long max = policy.maxDelay().toMillis();
        long delay = initial;
        for (int i = 0; i < n && delay < max; i++) {
            delay *= 2;
        }
        return Math.min(delay, max);
    }
}
