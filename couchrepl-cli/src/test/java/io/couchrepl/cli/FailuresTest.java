package io.couchrepl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.ReplicationException;
import io.couchrepl.http.CouchHttpException;
import io.couchrepl.spi.NoSuchDatabaseException;
import io.couchrepl.spi.RefusedException;
import io.couchrepl.spi.UnavailableException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The exit code and the line of a failure follow its type, as the HTTP edge typed it; no message text is read. */
class FailuresTest {

    private static final String URL = "http://127.0.0.1:5984/mydb/_changes?since=0";

    private static ReplicationException ended(IOException cause) {
        return new ReplicationException("r1", cause.getMessage(), cause);
    }

    private static CouchHttpException answer(int status, String error, String reason) {
        return new CouchHttpException(status, error, reason, "GET", URL);
    }

    @Test
    void aMissingDatabaseIsTheSourceRefusingWithItsOwnLine() {
        CouchHttpException notFound = answer(404, "not_found", "Database does not exist.");
        ReplicationException failure = ended(new NoSuchDatabaseException(notFound.getMessage(), notFound));

        assertThat(Failures.exitCode(failure)).isEqualTo(ExitCodes.SOURCE_REFUSED);
        assertThat(Failures.describe(failure))
                .isEqualTo("database http://127.0.0.1:5984/mydb does not exist (404 not_found: Database does not exist.)");
    }

    @Test
    void theTypeDecidesNotTheReasonText() {
        // A 404 whose reason reads like a missing database, typed as another refusal, is not called one.
        CouchHttpException odd = answer(404, "not_found", "Database does not exist.");
        ReplicationException failure = ended(new RefusedException(odd.getMessage(), odd));

        assertThat(Failures.exitCode(failure)).isEqualTo(ExitCodes.SOURCE_REFUSED);
        assertThat(Failures.describe(failure)).startsWith("GET " + URL + " was not found");
    }

    @Test
    void anOutageIsAFailureAndALockedAccountInsideItIsARefusal() {
        CouchHttpException unavailable = answer(503, "service_unavailable", "");
        assertThat(Failures.exitCode(ended(new UnavailableException("gave up", unavailable)))).isEqualTo(ExitCodes.FAILED);

        CouchHttpException locked = answer(403, "forbidden", "Account is temporarily locked due to multiple authentication failures");
        ReplicationException failure = ended(new UnavailableException("gave up", new RefusedException(locked.getMessage(), locked)));
        assertThat(Failures.exitCode(failure)).isEqualTo(ExitCodes.SOURCE_REFUSED);
        assertThat(Failures.describe(failure)).startsWith("http://127.0.0.1:5984/mydb has locked the account");
    }
}
