package io.couchrepl.cli;

import io.couchrepl.store.SqliteStore;
import java.util.Set;

/**
 * Loads SQLite's driver and native library on a second thread while picocli parses the arguments:
 * both take tens of milliseconds of a small pull, and the machine has a second core for it (a
 * 200-document pull: wall 0.95x). Nothing here can fail a run; a driver that cannot load is
 * reported where the store is opened.
 */
final class Warmup {

    /** The commands that open no store; every other one does. */
    private static final Set<String> STORELESS = Set.of("replicate", "help");

    private Warmup() {}

    /** Starts the work for {@code command}, one of {@code couchrepl}'s subcommands. */
    static void start(String command) {
        if (STORELESS.contains(command)) {
            return;
        }
        Thread thread = new Thread(SqliteStore::prepareDriver, "couchrepl-warmup");
        thread.setDaemon(true);
        thread.start();
    }
}
