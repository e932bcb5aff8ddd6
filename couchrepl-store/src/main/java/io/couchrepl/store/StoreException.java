package io.couchrepl.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A failure of the durable store itself, as opposed to the data it is given: the file is damaged,
 * the disk is full, another process holds it, or it cannot be used at all. The {@link Kind} is
 * decided from SQLite's result codes, never from message text, so a caller (the CLI's exit codes)
 * can act on the type alone. The message is one line that names the file.
 */
public final class StoreException extends IOException {

    /** What went wrong with the store. */
    public enum Kind {
        /** The file's pages are not what SQLite wrote ({@code SQLITE_CORRUPT*}, {@code SQLITE_NOTADB}): move it aside. */
        DAMAGED,
        /** The disk or the file is full ({@code SQLITE_FULL}): free space and run again. */
        FULL,
        /** Another connection holds the lock past the busy timeout ({@code SQLITE_BUSY*}, {@code SQLITE_LOCKED*}). */
        BUSY,
        /** Anything else that keeps the store from being used: a bad path, a disk error, a closed store. */
        UNUSABLE
    }

    private final Kind kind;
    private final Path file;

    public StoreException(Kind kind, Path file, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.file = file;
    }

    public Kind kind() {
        return kind;
    }

    /** The store file, or null when the failure is not about one file. */
    public Path file() {
        return file;
    }
}
