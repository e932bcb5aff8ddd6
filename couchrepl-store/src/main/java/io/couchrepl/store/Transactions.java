package io.couchrepl.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's one connection and how work runs on it: reads, and write transactions that commit
 * whole or not at all. Every {@link SQLException} leaves here as a {@link StoreException} naming the
 * file, typed by SQLite's result code. Not thread-safe: the store's lock guards it.
 */
final class Transactions {

    private static final Logger log = LoggerFactory.getLogger(Transactions.class);

    /** Work on the connection. */
    interface Work<T> {
        T run() throws SQLException, java.io.IOException;
    }

    private final Path file;
    private final Connection connection;
    private final Statement control;
    private Runnable afterRollback = () -> {};
    private boolean closed;

    Transactions(Path file, Connection connection) throws SQLException {
        this.file = file;
        this.connection = connection;
        this.control = connection.createStatement();
    }

    Path file() {
        return file;
    }

    Connection connection() {
        return connection;
    }

    /** What to reset when a write rolls back (batched statements, staged files). */
    void onRollback(Runnable reset) {
        this.afterRollback = reset;
    }

    /** Runs a read; a failure names {@code what}. */
    <T> T read(String what, Work<T> work) throws java.io.IOException {
        ensureOpen();
        try {
            return work.run();
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /**
     * Runs several reads on one snapshot of the file, so another process's commit cannot fall between
     * them (a tree read, then the body of its winner, which that commit may have retired).
     */
    <T> T snapshot(String what, Work<T> work) throws java.io.IOException {
        ensureOpen();
        try {
            control.execute("BEGIN DEFERRED");
        } catch (SQLException e) {
            throw failure(what, e);
        }
        try {
            return work.run();
        } catch (SQLException e) {
            throw failure(what, e);
        } finally {
            try {
                control.execute("COMMIT");
            } catch (SQLException e) {
                log.warn("store {}: ending the read of {} failed: {}", file, what, SqliteErrors.firstLine(e));
            }
        }
    }

    /** Runs {@code work} in one write transaction; any failure rolls all of it back. */
    <T> T write(String what, Work<T> work) throws java.io.IOException {
        ensureOpen();
        try {
            // IMMEDIATE takes the write lock up front, so a busy file waits here rather than failing at commit.
            control.execute("BEGIN IMMEDIATE");
        } catch (SQLException e) {
            throw failure(what, e);
        }
        boolean committed = false;
        try {
            T result = work.run();
            control.execute("COMMIT");
            committed = true;
            return result;
        } catch (SQLException e) {
            throw failure(what, e);
        } finally {
            if (!committed) {
                rollback(what);
            }
        }
    }

    private void rollback(String what) {
        try {
            afterRollback.run();
            control.execute("ROLLBACK");
        } catch (SQLException | RuntimeException e) {
            log.warn("store {}: rollback after failed {} failed: {}", file, what, e.getMessage());
        }
    }

    /** Runs one statement outside any transaction (pragmas, VACUUM). */
    void execute(String sql) throws SQLException {
        // A statement of its own, closed at once: a pragma that answers a row (wal_checkpoint) would
        // otherwise stay "in progress" and hold a read transaction open.
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The one number a query answers. */
    long single(String sql) throws SQLException {
        try (Statement query = connection.createStatement();
                ResultSet rs = query.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    void ensureOpen() throws StoreException {
        if (closed) {
            throw new StoreException(StoreException.Kind.UNUSABLE, file, file + ": store is closed", null);
        }
    }

    boolean isClosed() {
        return closed;
    }

    StoreException failure(String what, SQLException e) {
        return SqliteErrors.failure(file, what, e);
    }

    void close() throws SQLException {
        closed = true;
        try {
            control.close();
        } finally {
            connection.close();
        }
    }
}
