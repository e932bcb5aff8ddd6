package io.couchrepl.cli;

/** A store path that cannot be used; its message is the line shown to the user. */
final class StoreException extends RuntimeException {
    StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
