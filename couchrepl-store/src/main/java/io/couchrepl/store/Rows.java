package io.couchrepl.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Reads the first row of a kept statement and steps it to its end. sqlite-jdbc leaves a statement
 * stopped on a row "in progress" (closing its result set does not reset it), and an unfinished
 * statement holds a read transaction open on the connection: VACUUM then refuses to run, and
 * sqlite-jdbc's own commit check fails once another connection has written the file.
 */
final class Rows {

    /** Reads one row. */
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private Rows() {}

    static <T> Optional<T> first(PreparedStatement query, Row<T> row) throws SQLException {
        try (ResultSet rs = query.executeQuery()) {
            Optional<T> first = rs.next() ? Optional.ofNullable(row.read(rs)) : Optional.empty();
            while (rs.next()) {
                // to the end: the statement is then done, no longer in progress
            }
            return first;
        }
    }

    /** The one number an aggregate query answers. */
    static long number(PreparedStatement query) throws SQLException {
        return first(query, rs -> rs.getLong(1)).orElse(0L);
    }
}
