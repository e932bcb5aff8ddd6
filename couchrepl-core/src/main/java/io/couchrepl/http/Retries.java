package io.couchrepl.http;

import io.couchrepl.RetryPolicy;
import io.couchrepl.retry.Backoff;
import io.couchrepl.spi.UnavailableException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries a request again after the failures {@link FailureClassifier} finds passing, as CouchDB's
 * replicator does in its HTTP client: waits doubling up to the policy's longest, or as long as
 * {@code Retry-After} says.
 */
final class Retries {

    private static final Logger log = LoggerFactory.getLogger(Retries.class);

    /** One attempt of a request, sent anew each time. */
    @FunctionalInterface
    interface Attempt<T> {
        T run() throws IOException;
    }

    private Retries() {}

    /**
     * Runs {@code attempt} until it succeeds, fails for good, or the policy runs out; then throws
     * {@link UnavailableException} with the last failure as its cause. Waits are cut short by an
     * interrupt ({@link InterruptedIOException}).
     */
    static <T> T call(String what, RetryPolicy policy, FailureClassifier.Call call, Attempt<T> attempt)
            throws IOException {
        Backoff backoff = new Backoff(policy, ThreadLocalRandom.current());
        long started = System.nanoTime();
        while (true) {
            try {
                return attempt.run();
            } catch (IOException e) {
                if (FailureClassifier.classify(call, e) != FailureClassifier.Outcome.RETRY) {
                    throw e;
                }
                if (!backoff.hasNext()) {
                    throw gaveUp(call, e, backoff.retriesUsed() + 1, started);
                }
                Duration wait = backoff.next(retryAfter(e));
                log.info("{}; retrying in {} ms ({} of {})", Transport.describe(e), wait.toMillis(),
                        backoff.retriesUsed(), policy.isUnlimited() ? "unlimited" : policy.retries());
                sleep(wait, what);
            }
        }
    }

    private static Optional<Duration> retryAfter(IOException e) {
        return e instanceof CouchHttpException refusal ? refusal.retryAfter() : Optional.empty();
    }

    /** The last failure goes on typed: an account still locked is a refusal inside the outage. */
    private static UnavailableException gaveUp(FailureClassifier.Call call, IOException last, int attempts, long started) {
        double seconds = (System.nanoTime() - started) / 1e9;
        String tries = attempts == 1 ? "1 attempt" : attempts + " attempts in " + String.format("%.1f s", seconds);
        return new UnavailableException(Transport.describe(last) + " (gave up after " + tries + ")",
                FailureClassifier.typed(call, last));
    }

    private static void sleep(Duration wait, String what) throws InterruptedIOException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException(what + " was interrupted while waiting to retry");
            interrupted.initCause(e);
            throw interrupted;
        }
    }
}
