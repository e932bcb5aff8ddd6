package io.couchrepl.kafka;

import io.couchrepl.http.CouchHttpException;
import java.util.Optional;

/** CouchDB's own answer behind a failure: the engine hands refusals on typed, the answer as their cause. */
final class Refusals {

    private Refusals() {}

    static Optional<CouchHttpException> answerOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CouchHttpException answer) {
                return Optional.of(answer);
            }
        }
        return Optional.empty();
    }
}
