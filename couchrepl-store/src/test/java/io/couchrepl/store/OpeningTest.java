package io.couchrepl.store;

import static io.couchrepl.store.Revisions.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening and creating store files, and refusing paths that cannot hold one. */
class OpeningTest {

    @TempDir
    Path dir;

    @Test
    void createsTheFileWhenAbsent() throws Exception {
        Path file = dir.resolve("new.db");

        try (SqliteStore store = SqliteStore.open(file)) {
            assertThat(store.leaves()).isEmpty();
            assertThat(store.updateSeq()).isZero();
        }

        assertThat(file).isRegularFile();
    }

    @Test
    void failsOnADirectoryNamingIt() {
        assertThatThrownBy(() -> SqliteStore.open(dir))
                .isInstanceOf(IOException.class)
                .hasMessage("not a couchrepl store: " + dir + " (is a directory)");
    }

    @Test
    void failsOnAMissingParentDirectoryAndCreatesNothing() {
        Path file = dir.resolve("missing").resolve("store.db");

        assertThatThrownBy(() -> SqliteStore.open(file))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot create couchrepl store: " + file + " (parent directory " + dir.resolve("missing")
                        + " does not exist)");
        assertThat(dir.resolve("missing")).doesNotExist();
    }

    @Test
    void failsOnAParentDirectoryItCannotWriteAndCreatesNothing() throws Exception {
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        readOnly.toFile().setWritable(false, false);
        try {
            assumeFalse(Files.isWritable(readOnly), "the file system lets this user write anywhere (root)");
            Path file = readOnly.resolve("store.db");

            assertThatThrownBy(() -> SqliteStore.open(file))
                    .isInstanceOf(IOException.class)
                    .hasMessage("cannot create couchrepl store: " + file + " (parent directory " + readOnly
                            + " is not writable)");
            assertThat(file).doesNotExist();
        } finally {
            readOnly.toFile().setWritable(true, false);
        }
    }

    @Test
    void failsOnRandomBytesAndLeavesThemUntouched() throws Exception {
        Path file = dir.resolve("random.db");
        byte[] bytes = new byte[8192];
        new Random(1).nextBytes(bytes);
        Files.write(file, bytes);

        assertThatThrownBy(() -> SqliteStore.open(file))
                .isInstanceOf(IOException.class)
                .hasMessage("not a couchrepl store: " + file + " (not an SQLite database)");
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
        assertThat(dir.resolve("random.db-wal")).doesNotExist();
    }

    @Test
    void failsOnAnotherApplicationsSqliteDatabaseAndLeavesItInItsJournalMode() throws Exception {
        Path file = dir.resolve("other.db");
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = sql.createStatement()) {
            s.execute("CREATE TABLE things (x)");
        }
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> SqliteStore.open(file))
                .isInstanceOf(IOException.class)
                .hasMessage("not a couchrepl store: " + file + " (an SQLite database of another application)");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void failsOnADamagedStore() throws Exception {
        Path file = dir.resolve("damaged.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            store.writeDocs(List.of(revision("a", "1-a")));
        }
        byte[] bytes = Files.readAllBytes(file);
        // Keep SQLite's header, overwrite every page after the first.
        byte[] damaged = new byte[bytes.length];
        System.arraycopy(bytes, 0, damaged, 0, 100);
        for (int i = 100; i < damaged.length; i++) {
            damaged[i] = (byte) (i * 31);
        }
        Files.write(file, damaged);

        assertThatThrownBy(() -> SqliteStore.open(file))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("not a couchrepl store: " + file + " (")
                .hasMessageNotContaining("\n");
        assertThat(file).exists();
    }

    @Test
    void makesAStoreOfAnEmptyFile() throws Exception {
        Path file = dir.resolve("empty.db");
        Files.createFile(file);

        try (SqliteStore store = SqliteStore.open(file)) {
            store.writeDocs(List.of(revision("a", "1-a")));
            assertThat(store.leaves()).hasSize(1);
        }
    }

    @Test
    void opensAPathWithCharactersThatMeanSomethingInUrls() throws Exception {
        Path file = dir.resolve("odd ?name=x#&%20 \u00E9\uD83D\uDE00.db");

        try (SqliteStore store = SqliteStore.open(file)) {
            store.writeDocs(List.of(revision("a", "1-a")));
        }

        assertThat(file).isRegularFile();
        try (SqliteStore store = SqliteStore.open(file)) {
            assertThat(store.leaves()).hasSize(1);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("odd ?name=x#&%20 \u00E9\uD83D\uDE00.db");
        }
    }
}
