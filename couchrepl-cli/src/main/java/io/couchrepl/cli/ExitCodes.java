package io.couchrepl.cli;

/** The exit codes of {@code couchrepl}, listed in its {@code --help}. */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int SOURCE_REFUSED = 3;
    static final int STORE_UNUSABLE = 4;
    static final int INTERRUPTED = 130;

    private ExitCodes() {}
}
