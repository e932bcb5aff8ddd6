package io.couchrepl.cli;

import io.couchrepl.store.SqliteStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the durable store at a path given on the command line. */
final class Stores {

    private Stores() {}

    /** Opens the store, creating it if absent (for commands that write). */
    static SqliteStore openOrCreate(Path path) {
        try {
            return SqliteStore.open(path);
        } catch (IOException | RuntimeException e) {
            throw new StoreException("cannot use store " + path + ": " + reason(e, path), e);
        }
    }

    /** Opens an existing store (for commands that only read): a missing file is an error, not a new store. */
    static SqliteStore openExisting(Path path) {
        if (!Files.exists(path)) {
            throw new StoreException("no store at " + path, null);
        }
        return openOrCreate(path);
    }

    private static String reason(Exception e, Path path) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // The store's own messages already name the path; say it once.
        String prefix = path + ": ";
        if (message.startsWith(prefix)) {
            message = message.substring(prefix.length());
        }
        return message.lines().findFirst().orElse(message);
    }
}
