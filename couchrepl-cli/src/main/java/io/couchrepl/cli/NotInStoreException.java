package io.couchrepl.cli;

/** What a command asked for is not in the store (a document, revision or attachment); its message is the line shown. */
final class NotInStoreException extends RuntimeException {
    NotInStoreException(String message) {
        super(message);
    }
}
