package io.couchrepl.cli;

/** The exit codes of {@code couchrepl}, listed in its {@code --help}. */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int SOURCE_REFUSED = 3;
    static final int STORE_UNUSABLE = 4;
    /** An edit that does not extend a current leaf (CouchDB's 409 {@code conflict}). */
    static final int CONFLICT = 5;
    /** The document, revision or attachment is not in the store, or the document is deleted (CouchDB's 404 {@code not_found}). */
    static final int NOT_FOUND = 6;
    static final int INTERRUPTED = 130;

    private ExitCodes() {}
}
