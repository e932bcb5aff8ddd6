package io.couchrepl.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The checks a store path passes before SQLite touches it, so an unusable path fails with a one-line
 * message and no file is created or modified on the way.
 */
final class StoreFile {

    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    /** The files SQLite may create beside the database; removed with a store whose creation failed. */
    private static final String[] COMPANIONS = {"", "-wal", "-shm", "-journal"};

    private StoreFile() {}

    /** Fails unless {@code file} is an existing SQLite file or a path where a new one can be created. */
    static void checkUsable(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException("not a couchrepl store: " + file + " (is a directory)");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IOException("cannot create couchrepl store: " + file + " (parent directory "
                    + (parent == null ? "missing" : parent + " does not exist") + ")");
        }
        if (!Files.exists(file)) {
            if (!Files.isWritable(parent)) {
                throw new IOException("cannot create couchrepl store: " + file + " (parent directory " + parent
                        + " is not writable)");
            }
            return;
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("not a couchrepl store: " + file + " (not a regular file)");
        }
        if (!Files.isReadable(file) || !Files.isWritable(file)) {
            throw new IOException("cannot open couchrepl store: " + file + " (not readable and writable)");
        }
        // WAL mode keeps -wal and -shm files beside the database, even for an existing store.
        if (!Files.isWritable(parent)) {
            throw new IOException("cannot open couchrepl store: " + file + " (directory " + parent
                    + " is not writable)");
        }
        // Looking at the header first keeps SQLite from touching a file that is not a database at all.
        byte[] header = new byte[SQLITE_HEADER.length];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(header, 0, header.length);
        }
        if (read == 0) {
            return;
        }
        if (read < header.length || !Arrays.equals(header, SQLITE_HEADER)) {
            throw new IOException("not a couchrepl store: " + file + " (not an SQLite database)");
        }
    }

    /** Removes a store this process created and could not finish, with SQLite's companion files. */
    static void deleteCreated(Path file) {
        for (String suffix : COMPANIONS) {
            try {
                Files.deleteIfExists(Path.of(file + suffix));
            } catch (IOException e) {
                // Best effort: the failure that brought us here is the one worth reporting.
            }
        }
    }
}
