package io.couchrepl.spi;

import java.io.IOException;

/**
 * A peer refused a request for good: the credentials (HTTP 401), the user's rights (403), or there
 * is nothing at that address (404). Trying again cannot help; the cause is the peer's own answer
 * (for a CouchDB, an {@code io.couchrepl.http.CouchHttpException} with status, {@code error} and
 * {@code reason}).
 */
public class RefusedException extends IOException {

    public RefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
