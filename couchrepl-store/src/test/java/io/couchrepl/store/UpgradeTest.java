package io.couchrepl.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.attachments.Md5Digest;
import io.couchrepl.protocol.Rev;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written by the previous version (schema 2, which kept the body, history and attachments of
 * every revision) opens and upgrades; {@code compact} then drops what that version kept of
 * non-leaf revisions and deletes the attachment files only they named.
 */
class UpgradeTest {

    /** The tables of schema version 2, as the previous couchrepl created them. */
    private static final List<String> VERSION_2 = List.of(
            "PRAGMA application_id = " + Schema.APPLICATION_ID,
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE TABLE docs (doc_key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, winner_rev TEXT NOT NULL,"
                    + " winner_deleted INTEGER NOT NULL, seq INTEGER NOT NULL)",
            "CREATE UNIQUE INDEX docs_by_seq ON docs(seq)",
            "CREATE TABLE revs (doc_key INTEGER NOT NULL REFERENCES docs(doc_key), rev TEXT NOT NULL, parent TEXT,"
                    + " deleted INTEGER NOT NULL, leaf INTEGER NOT NULL, available INTEGER NOT NULL, history TEXT,"
                    + " body TEXT, PRIMARY KEY (doc_key, rev), CHECK ((available = 1) = (body IS NOT NULL)"
                    + " AND (available = 1) = (history IS NOT NULL)))",
            "CREATE INDEX revs_leaves ON revs(doc_key, rev) WHERE leaf = 1",
            "CREATE TABLE local_docs (id TEXT PRIMARY KEY, rev TEXT NOT NULL, body TEXT NOT NULL)",
            "ALTER TABLE revs ADD COLUMN attachments INTEGER NOT NULL DEFAULT 0",
            "CREATE TABLE attachment_bodies (digest TEXT PRIMARY KEY, encoding TEXT NOT NULL,"
                    + " stored_length INTEGER NOT NULL)",
            "CREATE TABLE attachments (doc_key INTEGER NOT NULL, rev TEXT NOT NULL, position INTEGER NOT NULL,"
                    + " name TEXT NOT NULL, content_type TEXT NOT NULL, revpos INTEGER NOT NULL,"
                    + " digest TEXT NOT NULL REFERENCES attachment_bodies(digest), length INTEGER NOT NULL,"
                    + " PRIMARY KEY (doc_key, rev, position), UNIQUE (doc_key, rev, name),"
                    + " FOREIGN KEY (doc_key, rev) REFERENCES revs(doc_key, rev))",
            "PRAGMA journal_mode = WAL");

    @TempDir
    Path dir;

    @Test
    void opensAVersion2StoreAndCompactionDropsWhatItKeptOfNonLeafRevisions() throws Exception {
        Path file = dir.resolve("old.db");
        byte[] oldBytes = "the first version of the attachment".getBytes(StandardCharsets.UTF_8);
        byte[] newBytes = "the second version".getBytes(StandardCharsets.UTF_8);
        String oldDigest = Md5Digest.of(new ByteArrayInputStream(oldBytes));
        String newDigest = Md5Digest.of(new ByteArrayInputStream(newBytes));
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = sql.createStatement()) {
            for (String ddl : VERSION_2) {
                s.execute(ddl);
            }
            s.execute("INSERT INTO meta VALUES ('schema_version', '2'), ('store_uuid', 'u-1'),"
                    + " ('created_at', '2026-11-01T00:00:00Z')");
            s.execute("INSERT INTO docs VALUES (1, 'a', '2-b', 0, 1)");
            s.execute("INSERT INTO revs VALUES (1, '1-a', NULL, 0, 0, 1, '[\"a\"]', '{\"v\":1}', 1),"
                    + " (1, '2-b', '1-a', 0, 1, 1, '[\"b\",\"a\"]', '{\"v\":2}', 1)");
            s.execute("INSERT INTO attachment_bodies VALUES ('" + oldDigest + "', 'identity', " + oldBytes.length
                    + "), ('" + newDigest + "', 'identity', " + newBytes.length + ")");
            s.execute("INSERT INTO attachments VALUES (1, '1-a', 0, 'f.txt', 'text/plain', 1, '" + oldDigest + "', "
                    + oldBytes.length + "), (1, '2-b', 0, 'f.txt', 'text/plain', 2, '" + newDigest + "', "
                    + newBytes.length + ")");
        }
        Path oldFile = bodyFile(file, oldDigest, oldBytes);
        Path newFile = bodyFile(file, newDigest, newBytes);

        try (SqliteStore store = SqliteStore.open(file)) {
            assertThat(store.info().diskFormatVersion()).as("upgraded").isEqualTo(3);
            assertThat(store.leaves()).extracting(leaf -> leaf.rev().toString()).containsExactly("2-b");
            assertThat(store.revision("a", Rev.parse("1-a"))).as("kept until compact").isPresent();

            CompactionResult result = store.compact();

            assertThat(result.bodiesDropped()).isEqualTo(1);
            assertThat(store.revision("a", Rev.parse("1-a"))).isEmpty();
            assertThat(store.revsDiff(Map.of("a", List.of(Rev.parse("1-a"))))).as("the tree keeps its ids").isEmpty();
            assertThat(oldFile).doesNotExist();
            assertThat(newFile).exists();
            try (InputStream in = store.attachment("a", Rev.parse("2-b"), "f.txt").orElseThrow().body().orElseThrow()
                    .open()) {
                assertThat(in.readAllBytes()).isEqualTo(newBytes);
            }
            store.writeDocs(List.of(new io.couchrepl.protocol.DocRevision("a", Rev.parse("3-c"), false,
                    List.of("c", "b", "a"), "{\"v\":3}")));
            assertThat(store.revisionCount()).isEqualTo(1);
        }
    }

    private static Path bodyFile(Path store, String digest, byte[] bytes) throws Exception {
        String hex = HexFormat.of().formatHex(Md5Digest.bytesOf(digest).orElseThrow());
        Path file = Path.of(store + "-attachments", hex.substring(0, 2), hex);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return file;
    }

}
