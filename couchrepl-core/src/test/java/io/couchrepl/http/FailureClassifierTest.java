package io.couchrepl.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.http.FailureClassifier.Call;
import io.couchrepl.http.FailureClassifier.Outcome;
import io.couchrepl.spi.NoSuchDatabaseException;
import io.couchrepl.spi.RefusedException;
import io.couchrepl.spi.UnavailableException;
import io.couchrepl.spi.WriteRefusedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/** The one table of failure decisions, row by row, with CouchDB 3.5.0's recorded refusals (EXCHANGES.md 1.4, 1.5, 1.7, 9). */
class FailureClassifierTest {

    private static CouchHttpException refusal(int status, String error, String reason) {
        return new CouchHttpException(status, error, reason, "GET", "http://127.0.0.1:5984/db/_changes");
    }

    @Test
    void transportFailuresOverloadAndALockedAccountAreRetriedOnEveryCall() {
        for (Call call : Call.values()) {
            assertThat(FailureClassifier.classify(call, new ConnectException("refused"))).isEqualTo(Outcome.RETRY);
            assertThat(FailureClassifier.classify(call, new SocketTimeoutException("slow"))).isEqualTo(Outcome.RETRY);
            assertThat(FailureClassifier.classify(call, refusal(503, "service_unavailable", ""))).isEqualTo(Outcome.RETRY);
            assertThat(FailureClassifier.classify(call, refusal(429, "too_many_requests", ""))).isEqualTo(Outcome.RETRY);
            assertThat(FailureClassifier.classify(call, refusal(403, "forbidden",
                    "Account is temporarily locked due to multiple authentication failures"))).isEqualTo(Outcome.RETRY);
        }
    }

    @Test
    void wrongCredentialsAnInterruptAndAMalformedAnswerAreNeverRetried() {
        for (Call call : Call.values()) {
            assertThat(FailureClassifier.classify(call, refusal(401, "unauthorized", "Name or password is incorrect.")))
                    .isNotEqualTo(Outcome.RETRY);
            assertThat(FailureClassifier.classify(call, new InterruptedIOException("paused"))).isEqualTo(Outcome.FATAL);
            assertThat(FailureClassifier.classify(call, new MalformedResponseException("not JSON"))).isEqualTo(Outcome.FATAL);
            assertThat(FailureClassifier.classify(call, new UnavailableException("gave up", null))).isEqualTo(Outcome.FATAL);
        }
    }

    @Test
    void aRefusedProxyTokenOrClientCertificateIsNeverRetried() {
        for (Call call : Call.values()) {
            assertThat(FailureClassifier.classify(call, new TlsRefusedException("certificate_required", null)))
                    .isEqualTo(Outcome.FATAL);
            assertThat(FailureClassifier.classify(call, refusal(407, "proxy_authentication_required", "")))
                    .isNotEqualTo(Outcome.RETRY);
            assertThat(FailureClassifier.classify(call, new TokenRefusedException(refusal(400, "bad_request", "Bad HMAC"))))
                    .isNotEqualTo(Outcome.RETRY);
        }
        assertThat(FailureClassifier.typed(Call.DATABASE_INFO, refusal(407, "proxy_authentication_required", "")))
                .isExactlyInstanceOf(RefusedException.class);
        assertThat(FailureClassifier.typed(Call.DATABASE_INFO, new TokenRefusedException(refusal(400, "bad_request", "Bad HMAC"))))
                .isExactlyInstanceOf(RefusedException.class).hasMessageContaining("Bad HMAC");
    }

    @Test
    void eachCallDecidesItsOwnRefusals() {
        CouchHttpException tooLarge = refusal(413, "too_large", "the request entity is too large");
        assertThat(FailureClassifier.classify(Call.BULK_DOCS, tooLarge)).isEqualTo(Outcome.SPLIT);
        assertThat(FailureClassifier.classify(Call.BULK_GET, tooLarge)).isEqualTo(Outcome.SPLIT);
        assertThat(FailureClassifier.classify(Call.OPEN_REVS, refusal(414, "http_414", ""))).isEqualTo(Outcome.SPLIT);
        assertThat(FailureClassifier.classify(Call.PUT_DOCUMENT, refusal(413, "document_too_large", "")))
                .isEqualTo(Outcome.SKIP_DOCUMENT);
        assertThat(FailureClassifier.classify(Call.PUT_DOCUMENT, refusal(403, "forbidden", "no"))).isEqualTo(Outcome.SKIP_DOCUMENT);
        assertThat(FailureClassifier.classify(Call.BULK_GET, refusal(405, "method_not_allowed", ""))).isEqualTo(Outcome.FALL_BACK);
        assertThat(FailureClassifier.classify(Call.BULK_GET, refusal(404, "not_found", "missing"))).isEqualTo(Outcome.FALL_BACK);
        assertThat(FailureClassifier.classify(Call.BULK_GET, refusal(404, "not_found", "Database does not exist.")))
                .isEqualTo(Outcome.FATAL);
        assertThat(FailureClassifier.classify(Call.PUT_LOCAL, refusal(409, "conflict", "Document update conflict.")))
                .isEqualTo(Outcome.FALL_BACK);
        assertThat(FailureClassifier.classify(Call.OPEN_REVS, refusal(404, "not_found", "missing"))).isEqualTo(Outcome.ABSENT);
        assertThat(FailureClassifier.classify(Call.GET_LOCAL, refusal(404, "not_found", "missing"))).isEqualTo(Outcome.ABSENT);
        assertThat(FailureClassifier.classify(Call.CREATE_DATABASE, refusal(412, "file_exists", "The database could not be created, the file already exists.")))
                .isEqualTo(Outcome.EXISTS);
        assertThat(FailureClassifier.classify(Call.CHANGES, refusal(400, "bad_request", "Selector must be specified in POST payload")))
                .isEqualTo(Outcome.FATAL);
    }

    @Test
    void aFatalRefusalLeavesTypedForTheSpi() {
        IOException missing = FailureClassifier.typed(Call.CHANGES, refusal(404, "not_found", "Database does not exist."));
        assertThat(missing).isInstanceOf(NoSuchDatabaseException.class).hasCauseInstanceOf(CouchHttpException.class)
                .hasMessage("GET http://127.0.0.1:5984/db/_changes answered 404 not_found: Database does not exist.");
        assertThat(FailureClassifier.typed(Call.CHANGES, refusal(401, "unauthorized", "Name or password is incorrect.")))
                .isExactlyInstanceOf(RefusedException.class);
        assertThat(FailureClassifier.typed(Call.PUT_LOCAL, refusal(403, "forbidden", "read-only")))
                .isInstanceOf(WriteRefusedException.class);
        CouchHttpException badRequest = refusal(400, "bad_request", "invalid UTF-8 JSON");
        assertThat(FailureClassifier.typed(Call.BULK_DOCS, badRequest)).isSameAs(badRequest);
    }
}
