package io.couchrepl.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.couchrepl.RetryPolicy;
import io.couchrepl.spi.RefusedException;
import io.couchrepl.spi.UnavailableException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Retries: what the classifier finds passing is sent again, and the last failure goes on typed. */
class RetriesTest {

    private static final RetryPolicy TWICE = new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(2));

    @Test
    void anAccountStillLockedWhenTheRetriesRunOutIsARefusalInsideTheOutage() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> Retries.call("GET /db/_changes", TWICE, FailureClassifier.Call.CHANGES, () -> {
            attempts.incrementAndGet();
            throw new CouchHttpException(403, "forbidden", "Account is temporarily locked due to multiple authentication failures",
                    "GET", "http://127.0.0.1:5984/db/_changes");
        }))
                .isInstanceOf(UnavailableException.class)
                .hasMessageContaining("gave up after 3 attempts")
                .cause().isInstanceOf(RefusedException.class).hasCauseInstanceOf(CouchHttpException.class);
        assertThat(attempts).hasValue(3);
    }

    @Test
    void aServerErrorThatLastsIsAnOutageWithTheServersAnswerAsItsCause() {
        assertThatThrownBy(() -> Retries.call("GET /db/_changes", TWICE, FailureClassifier.Call.CHANGES, () -> {
            throw new CouchHttpException(503, "service_unavailable", "", "GET", "http://127.0.0.1:5984/db/_changes");
        })).isInstanceOf(UnavailableException.class).hasCauseExactlyInstanceOf(CouchHttpException.class);
    }

    @Test
    void wrongCredentialsAreAskedOnce() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> Retries.call("GET /db/_changes", TWICE, FailureClassifier.Call.CHANGES, () -> {
            attempts.incrementAndGet();
            throw new CouchHttpException(401, "unauthorized", "Name or password is incorrect.", "GET",
                    "http://127.0.0.1:5984/db/_changes");
        })).isExactlyInstanceOf(CouchHttpException.class);
        assertThat(attempts).hasValue(1);
    }
}
