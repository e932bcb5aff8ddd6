package io.couchrepl.http;

import io.couchrepl.retry.Backoff;
import io.couchrepl.retry.RetryPolicy;
import io.couchrepl.spi.UnavailableException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries a request again after failures that pass, as CouchDB's replicator does in its HTTP client,
 * and decides which those are: the one place that classifies HTTP failures.
 *
 * <ul>
 *   <li>retried: network errors, timeouts, a stalled or broken-off answer, 408, 429, 5xx (but 501),
 *       and CouchDB's 403 "Account is temporarily locked" (the right password is refused for a few
 *       minutes after wrong ones; waiting is the only cure);</li>
 *   <li>never retried: other 4xx, above all 401 (every wrong password brings CouchDB's lockout
 *       closer), an answer that is not the JSON the protocol promises, an untrusted certificate, and
 *       an interrupt (a pause or stop).</li>
 * </ul>
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
    static <T> T call(String what, RetryPolicy policy, Attempt<T> attempt) throws IOException {
        Backoff backoff = new Backoff(policy, ThreadLocalRandom.current());
        long started = System.nanoTime();
        while (true) {
            try {
                return attempt.run();
            } catch (IOException e) {
                if (!isTransient(e)) {
                    throw e;
                }
                if (!backoff.hasNext()) {
                    throw gaveUp(e, backoff.retriesUsed() + 1, started);
                }
                Duration wait = backoff.next(retryAfter(e));
                log.info("{}; retrying in {} ms ({} of {})", Transport.describe(e), wait.toMillis(),
                        backoff.retriesUsed(), policy.isUnlimited() ? "unlimited" : policy.retries());
                sleep(wait, what);
            }
        }
    }

    /** Whether trying the same request again may succeed. */
    static boolean isTransient(IOException e) {
        if (e instanceof CouchHttpException refusal) {
            int status = refusal.status();
            return status == 408 || status == 429 || (status >= 500 && status != 501 && status != 505)
                    || refusal.isAccountLocked();
        }
        if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
            return false;
        }
        if (Thread.currentThread().isInterrupted()) {
            return false;
        }
        return !(e instanceof MalformedResponseException
                || e instanceof UntrustedServerException
                || e instanceof UnavailableException);
    }

    private static Optional<Duration> retryAfter(IOException e) {
        return e instanceof CouchHttpException refusal ? refusal.retryAfter() : Optional.empty();
    }

    private static UnavailableException gaveUp(IOException last, int attempts, long started) {
        double seconds = (System.nanoTime() - started) / 1e9;
        String tries = attempts == 1 ? "1 attempt" : attempts + " attempts in " + String.format("%.1f s", seconds);
        return new UnavailableException(Transport.describe(last) + " (gave up after " + tries + ")", last);
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
