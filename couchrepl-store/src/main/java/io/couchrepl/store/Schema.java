package io.couchrepl.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The tables of a store file, version 2, and the checks that tell a couchrepl store from any other
 * SQLite file. A version 1 store (before attachments) is upgraded when opened.
 *
 * <ul>
 *   <li>{@code meta}: {@code schema_version}, {@code store_uuid} (names this file, for diagnostics), {@code created_at}.</li>
 *   <li>{@code docs}: one row per document: its winner (as {@code RevTree} picks it) and {@code seq}, the
 *       local update sequence of its latest change.</li>
 *   <li>{@code revs}: the revision tree, one row per known revision; {@code history} (the
 *       {@code _revisions.ids} as received) and {@code body} are set exactly when {@code available}.</li>
 *   <li>{@code local_docs}: {@code _local} documents, which never replicate; replication logs
 *       ({@code _local/<replication id>}, as CouchDB writes them) among them.</li>
 *   <li>{@code attachment_bodies} (version 2): one row per attachment body kept, by digest, with the
 *       encoding and size of its bytes; the bytes are a file named by the digest ({@link AttachmentFiles}).</li>
 *   <li>{@code attachments} (version 2): the {@code _attachments} of each available revision, in order,
 *       each naming its body by digest; {@code revs.attachments} counts them.</li>
 * </ul>
 */
final class Schema {

    static final int VERSION = 2;

    /** "crep", in the SQLite header, so {@code file(1)} and our own check recognise a store. */
    static final int APPLICATION_ID = 0x63726570;

    private static final List<String> DDL = List.of(
            """
            CREATE TABLE meta (
              key   TEXT PRIMARY KEY,
              value TEXT NOT NULL
            )""",
            """
            CREATE TABLE docs (
              doc_key        INTEGER PRIMARY KEY,
              id             TEXT NOT NULL UNIQUE,
              winner_rev     TEXT NOT NULL,
              winner_deleted INTEGER NOT NULL,
              seq            INTEGER NOT NULL
            )""",
            "CREATE UNIQUE INDEX docs_by_seq ON docs(seq)",
            """
            CREATE TABLE revs (
              doc_key   INTEGER NOT NULL REFERENCES docs(doc_key),
              rev       TEXT NOT NULL,
              parent    TEXT,
              deleted   INTEGER NOT NULL,
              leaf      INTEGER NOT NULL,
              available INTEGER NOT NULL,
              history   TEXT,
              body      TEXT,
              PRIMARY KEY (doc_key, rev),
              CHECK ((available = 1) = (body IS NOT NULL) AND (available = 1) = (history IS NOT NULL))
            )""",
            // Leaves are what dump, winner and a later changes feed read; most nodes of a long history are not.
            "CREATE INDEX revs_leaves ON revs(doc_key, rev) WHERE leaf = 1",
            """
            CREATE TABLE local_docs (
              id   TEXT PRIMARY KEY,
              rev  TEXT NOT NULL,
              body TEXT NOT NULL
            )""");

    /** What version 2 adds to version 1: new stores are made by both, old ones upgraded by this. */
    private static final List<String> ATTACHMENTS_DDL = List.of(
            "ALTER TABLE revs ADD COLUMN attachments INTEGER NOT NULL DEFAULT 0",
            """
            CREATE TABLE attachment_bodies (
              digest        TEXT PRIMARY KEY,
              encoding      TEXT NOT NULL,
              stored_length INTEGER NOT NULL
            )""",
            """
            CREATE TABLE attachments (
              doc_key      INTEGER NOT NULL,
              rev          TEXT NOT NULL,
              position     INTEGER NOT NULL,
              name         TEXT NOT NULL,
              content_type TEXT NOT NULL,
              revpos       INTEGER NOT NULL,
              digest       TEXT NOT NULL REFERENCES attachment_bodies(digest),
              length       INTEGER NOT NULL,
              PRIMARY KEY (doc_key, rev, position),
              UNIQUE (doc_key, rev, name),
              FOREIGN KEY (doc_key, rev) REFERENCES revs(doc_key, rev)
            )""");

    private Schema() {}

    /** Whether the file holds no tables yet: new, or left empty by a creation that did not commit. */
    static boolean isEmpty(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_schema")) {
            rs.next();
            return rs.getInt(1) == 0;
        }
    }

    /** Creates the tables and a new store uuid; the caller holds a write transaction. */
    static String create(Connection connection) throws SQLException {
        String uuid = UUID.randomUUID().toString();
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA application_id = " + APPLICATION_ID);
            for (String ddl : DDL) {
                s.execute(ddl);
            }
            for (String ddl : ATTACHMENTS_DDL) {
                s.execute(ddl);
            }
        }
        try (var insert = connection.prepareStatement("INSERT INTO meta(key, value) VALUES (?, ?)")) {
            for (String[] row : new String[][] {
                {"schema_version", Integer.toString(VERSION)},
                {"store_uuid", uuid},
                {"created_at", Instant.now().toString()}
            }) {
                insert.setString(1, row[0]);
                insert.setString(2, row[1]);
                insert.executeUpdate();
            }
        }
        return uuid;
    }

    /** Checks that a non-empty file is a store this version reads, and returns its uuid. */
    static String check(Connection connection, Path file) throws SQLException, IOException {
        int applicationId;
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA application_id")) {
            rs.next();
            applicationId = rs.getInt(1);
        }
        if (applicationId != APPLICATION_ID) {
            throw new IOException("not a couchrepl store: " + file + " (an SQLite database of another application)");
        }
        Map<String, String> meta = new HashMap<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT key, value FROM meta")) {
            while (rs.next()) {
                meta.put(rs.getString(1), rs.getString(2));
            }
        } catch (SQLException e) {
            throw new IOException("not a couchrepl store: " + file + " (no readable meta table: "
                    + SqliteErrors.firstLine(e) + ")", e);
        }
        String version = meta.get("schema_version");
        String uuid = meta.get("store_uuid");
        if (version == null || uuid == null) {
            throw new IOException("not a couchrepl store: " + file + " (meta table lacks schema_version or store_uuid)");
        }
        if (!version.equals(Integer.toString(VERSION)) && !version.equals("1")) {
            throw new IOException("unsupported couchrepl store: " + file + " (schema version " + version
                    + ", this version reads 1 to " + VERSION + ")");
        }
        return uuid;
    }

    /** Whether a store that passed {@link #check} is version 1, from before attachments. */
    static boolean needsUpgrade(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'schema_version'")) {
            return rs.next() && rs.getString(1).equals("1");
        }
    }

    /**
     * Upgrades a version 1 store to version 2; the caller holds a write transaction. Revisions written
     * before hold no attachment bodies: their {@code _attachments} stubs stay in their body text.
     */
    static void upgrade(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (String ddl : ATTACHMENTS_DDL) {
                s.execute(ddl);
            }
            s.executeUpdate("UPDATE meta SET value = '" + VERSION + "' WHERE key = 'schema_version'");
        }
    }
}
