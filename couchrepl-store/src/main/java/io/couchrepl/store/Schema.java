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
 * The tables of a store file, version 3, and the checks that tell a couchrepl store from any other
 * SQLite file. A version 1 store (before attachments) or 2 (before bounded growth) is upgraded when
 * opened; {@code compact} then drops what those versions kept of non-leaf revisions.
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
 *   <li>{@code unreferenced_bodies} (version 3): digests whose body row went with the last revision
 *       that named it; their files are deleted after that commit ({@link AttachmentCollector}).</li>
 *   <li>{@code replication_peers} (version 3): the peer (URL without credentials) and its role of
 *       the replication whose log the store keeps, as the command recorded it.</li>
 *   <li>{@code meta.revs_limit} (version 3, absent means {@value #DEFAULT_REVS_LIMIT}): how many
 *       revisions of each branch the trees keep, as CouchDB's {@code _revs_limit}.</li>
 * </ul>
 */
final class Schema {

    static final int VERSION = 3;

    /** CouchDB's default {@code _revs_limit}. */
    static final int DEFAULT_REVS_LIMIT = 1000;

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

    /** What version 3 adds to version 2. */
    private static final List<String> BOUNDED_GROWTH_DDL = List.of(
            "CREATE TABLE IF NOT EXISTS unreferenced_bodies (digest TEXT PRIMARY KEY)",
            // Who each replication log's peer is, for info: a log in CouchDB's format does not say.
            "CREATE TABLE IF NOT EXISTS replication_peers (replication_id TEXT PRIMARY KEY, role TEXT NOT NULL, peer TEXT NOT NULL)",
            // Finding whether any revision still names a body is an index probe, not a scan.
            "CREATE INDEX IF NOT EXISTS attachments_by_digest ON attachments(digest)");

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
            for (String ddl : BOUNDED_GROWTH_DDL) {
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
        if (!List.of("1", "2", Integer.toString(VERSION)).contains(version)) {
            throw new IOException("unsupported couchrepl store: " + file + " (schema version " + version
                    + ", this version reads 1 to " + VERSION + ")");
        }
        return uuid;
    }

    /** The schema version of a store that passed {@link #check}. */
    static int version(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'schema_version'")) {
            return rs.next() ? Integer.parseInt(rs.getString(1)) : VERSION;
        }
    }

    /**
     * Upgrades a version 1 or 2 store to version 3; the caller holds a write transaction. A version 1
     * store's revisions hold no attachment bodies: their {@code _attachments} stubs stay in their body
     * text. Bodies of non-leaf revisions that older versions kept stay until {@code compact}.
     */
    static void upgrade(Connection connection, int from) throws SQLException {
        try (Statement s = connection.createStatement()) {
            if (from < 2) {
                for (String ddl : ATTACHMENTS_DDL) {
                    s.execute(ddl);
                }
            }
            for (String ddl : BOUNDED_GROWTH_DDL) {
                s.execute(ddl);
            }
            s.executeUpdate("UPDATE meta SET value = '" + VERSION + "' WHERE key = 'schema_version'");
        }
    }

    /** The store's {@code revs_limit}. */
    static int revsLimit(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'revs_limit'")) {
            return rs.next() ? Integer.parseInt(rs.getString(1)) : DEFAULT_REVS_LIMIT;
        }
    }

    /** Records a new {@code revs_limit}; the caller holds a write transaction. */
    static void setRevsLimit(Connection connection, int limit) throws SQLException {
        try (var upsert = connection.prepareStatement("""
                INSERT INTO meta(key, value) VALUES ('revs_limit', ?)
                ON CONFLICT(key) DO UPDATE SET value = excluded.value""")) {
            upsert.setString(1, Integer.toString(limit));
            upsert.executeUpdate();
        }
    }
}
