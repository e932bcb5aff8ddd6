package io.couchrepl.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * Opens a store file: checks the path, connects, creates the tables of a new store or checks and
 * upgrades an existing one, and switches it to WAL. A failure is one line naming the file, and a
 * store this call created is removed again.
 */
final class StoreOpener {

    private static final Logger log = LoggerFactory.getLogger(StoreOpener.class);

    private static final int BUSY_TIMEOUT_MILLIS = 10_000;

    private StoreOpener() {}

    /** A connection to a checked (and if need be created or upgraded) store. */
    static Connection open(Path file) throws StoreException {
        try {
            StoreFile.checkUsable(file);
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.UNUSABLE, file, e.getMessage(), e);
        }
        boolean creating = !Files.exists(file);
        Connection connection = null;
        try {
            connection = connect(file);
            createOrCheck(connection, file);
            return connection;
        } catch (IOException | SQLException | RuntimeException e) {
            closeQuietly(connection);
            if (creating) {
                StoreFile.deleteCreated(file);
            }
            if (e instanceof IOException io) {
                throw new StoreException(StoreException.Kind.UNUSABLE, file, io.getMessage(), e);
            }
            if (e instanceof SQLException sql && SqliteErrors.isNotADatabase(sql)) {
                throw new StoreException(StoreException.Kind.UNUSABLE, file,
                        "not a couchrepl store: " + file + " (" + SqliteErrors.firstLine(sql) + ")", e);
            }
            if (e instanceof SQLException sql) {
                throw new StoreException(SqliteErrors.kindOf(sql), file,
                        "cannot open couchrepl store: " + file + " (" + SqliteErrors.firstLine(sql) + ")", e);
            }
            throw (RuntimeException) e;
        }
    }

    /** Opens and closes an in-memory database with the stores' own settings; errors are left to open. */
    static void prepareDriver() {
        try (Connection connection = config().createConnection("jdbc:sqlite::memory:");
                Statement s = connection.createStatement()) {
            s.execute("SELECT 1");
        } catch (SQLException | RuntimeException | LinkageError e) {
            log.debug("preparing the SQLite driver failed; opening the store will say why", e);
        }
    }

    private static Connection connect(Path file) throws SQLException {
        SQLiteConfig config = config();
        // A URI with the path percent-encoded: sqlite-jdbc would read a '?' in a plain path as pragmas.
        config.setOpenMode(SQLiteOpenMode.OPEN_URI);
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath().toUri().toASCIIString());
    }

    private static SQLiteConfig config() {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        // Commits survive the process dying; SqliteStore.sync() makes them survive a power cut too.
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        return config;
    }

    private static void createOrCheck(Connection connection, Path file) throws SQLException, IOException {
        if (!Schema.isEmpty(connection)) {
            Schema.check(connection, file);
            enableWal(connection);
            if (Schema.version(connection) < Schema.VERSION) {
                upgrade(connection, file);
            }
            return;
        }
        try (Statement s = connection.createStatement()) {
            // Only possible before the first table: lets compact and the writer give pages back.
            s.execute("PRAGMA auto_vacuum = INCREMENTAL");
        }
        // Only a file that is ours (new, or empty) is switched to WAL: the mode is written into the file.
        enableWal(connection);
        inTransaction(connection, () -> {
            // Another process may have created the store since we looked.
            if (Schema.isEmpty(connection)) {
                Schema.create(connection);
                log.debug("created store {}", file);
            } else {
                Schema.check(connection, file);
            }
        });
    }

    private static void upgrade(Connection connection, Path file) throws SQLException, IOException {
        inTransaction(connection, () -> {
            // Another process may have upgraded it since we looked.
            int from = Schema.version(connection);
            if (from < Schema.VERSION) {
                Schema.upgrade(connection, from);
                log.info("upgraded store {} from schema version {} to {}", file, from, Schema.VERSION);
            }
        });
    }

    private interface SchemaWork {
        void run() throws SQLException, IOException;
    }

    private static void inTransaction(Connection connection, SchemaWork work) throws SQLException, IOException {
        try (Statement s = connection.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                work.run();
                s.execute("COMMIT");
            } catch (SQLException | IOException | RuntimeException e) {
                s.execute("ROLLBACK");
                throw e;
            }
        }
    }

    private static void enableWal(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
            rs.next();
            if (!"wal".equalsIgnoreCase(rs.getString(1))) {
                throw new SQLException("cannot switch to WAL mode, journal mode is " + rs.getString(1));
            }
        }
    }

    /** {@code couchrepl-store:} and the file's canonical path (see {@link SqliteStore#identity()}). */
    static String identity(Path file) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        return "couchrepl-store:"
                + (parent == null ? absolute : parent.toRealPath().resolve(absolute.getFileName()));
    }

    static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // Already failing: the original exception is the one to report.
        }
    }
}
