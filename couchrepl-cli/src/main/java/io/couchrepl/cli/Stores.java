package io.couchrepl.cli;

import io.couchrepl.store.SqliteStore;
import io.couchrepl.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the durable store at a path given on the command line. */
final class Stores {

    private Stores() {}

    /** Opens the store, creating it if absent (for commands that write). */
    static SqliteStore openOrCreate(Path path) throws IOException {
        try {
            return SqliteStore.open(path);
        } catch (StoreException e) {
            if (e.kind() != StoreException.Kind.UNUSABLE) {
                throw e; // damaged, full or busy: said as any failure of the store, with its advice
            }
            throw new UnusableStoreException("cannot use store " + path + ": " + reason(e, path), e);
        }
    }

    /** Opens an existing store (for commands that only read): a missing file is an error, not a new store. */
    static SqliteStore openExisting(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new UnusableStoreException("no store at " + path, null);
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
