package io.couchrepl.cli;

/** A store path the command cannot use (no store there, not a store, ...); its message is the line shown to the user. */
final class UnusableStoreException extends RuntimeException {
    UnusableStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
