package io.couchrepl.spi;

/** A peer has no database at the address given (CouchDB's 404 {@code Database does not exist.}). */
public class NoSuchDatabaseException extends RefusedException {

    public NoSuchDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
