package io.couchrepl.store;

import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** How the store reads sqlite-jdbc's exceptions: by result code, into a {@link StoreException.Kind}. */
final class SqliteErrors {

    private SqliteErrors() {}

    /** The kind of a failed SQLite call; every {@code SQLITE_CORRUPT_*} extended code counts as damage. */
    static StoreException.Kind kindOf(SQLException e) {
        if (!(e instanceof SQLiteException sqlite)) {
            return StoreException.Kind.UNUSABLE;
        }
        SQLiteErrorCode code = sqlite.getResultCode();
        // Extended codes (SQLITE_CORRUPT_INDEX, SQLITE_BUSY_SNAPSHOT, ...) share the primary code's low byte.
        int primary = code.code & 0xff;
        if (primary == SQLiteErrorCode.SQLITE_CORRUPT.code || primary == SQLiteErrorCode.SQLITE_NOTADB.code) {
            return StoreException.Kind.DAMAGED;
        }
        if (primary == SQLiteErrorCode.SQLITE_FULL.code) {
            return StoreException.Kind.FULL;
        }
        if (primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code) {
            return StoreException.Kind.BUSY;
        }
        return StoreException.Kind.UNUSABLE;
    }

    /** SQLite's word for a file that is not a database, or one whose pages are damaged. */
    static boolean isNotADatabase(SQLException e) {
        return kindOf(e) == StoreException.Kind.DAMAGED;
    }

    /** {@code FILE: WHAT failed: SQLite's first line}, typed by the result code. */
    static StoreException failure(Path file, String what, SQLException e) {
        return new StoreException(kindOf(e), file, file + ": " + what + " failed: " + firstLine(e), e);
    }

    /** The exception's message on one line, for messages that must stay one line. */
    static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message).strip();
    }
}
