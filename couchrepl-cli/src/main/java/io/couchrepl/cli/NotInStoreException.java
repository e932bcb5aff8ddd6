package io.couchrepl.cli;

/** An attachment the store does not hold (CouchDB's 404 {@code not_found}); its message is the line shown. */
final class NotInStoreException extends RuntimeException {
    NotInStoreException(String message) {
        super(message);
    }
}
