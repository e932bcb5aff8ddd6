package io.couchrepl.store;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** How the store reads sqlite-jdbc's exceptions: which mean "not a database" and what to print. */
final class SqliteErrors {

    private SqliteErrors() {}

    /** SQLite's word for a file that is not a database, or one whose pages are damaged. */
    static boolean isNotADatabase(SQLException e) {
        if (e instanceof SQLiteException sqlite) {
            SQLiteErrorCode code = sqlite.getResultCode();
            return code == SQLiteErrorCode.SQLITE_NOTADB || code == SQLiteErrorCode.SQLITE_CORRUPT
                    || code.name().startsWith("SQLITE_CORRUPT_");
        }
        return false;
    }

    /** The exception's message on one line, for messages that must stay one line. */
    static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message).strip();
    }
}
