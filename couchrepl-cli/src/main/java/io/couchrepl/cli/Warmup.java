package io.couchrepl.cli;

import io.couchrepl.store.SqliteStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;

/**
 * Work every run of a command will need, started on a second thread while picocli parses the
 * arguments: loading SQLite's native library and the JDK's digests takes as long as the parsing
 * (both about 70 ms of a 200-document pull), and this machine has a second core for it. Nothing
 * here can fail a run; whatever goes wrong is met again, and reported, where it is really used.
 */
final class Warmup {

    private static final Set<String> STORE_COMMANDS = Set.of(
            "pull", "push", "sync", "dump", "put", "get", "delete", "cat", "info", "compact", "revs-limit");
    private static final Set<String> REMOTE_COMMANDS = Set.of("pull", "push", "sync", "replicate", "mirror");

    private Warmup() {}

    static void start(String[] args) {
        if (args.length == 0) {
            return;
        }
        boolean store = STORE_COMMANDS.contains(args[0]);
        boolean remote = REMOTE_COMMANDS.contains(args[0]);
        if (!store && !remote) {
            return;
        }
        Thread thread = new Thread(() -> run(store, remote), "couchrepl-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run(boolean store, boolean remote) {
        if (store) {
            SqliteStore.prepareDriver();
        }
        if (remote) {
            try {
                MessageDigest.getInstance("MD5"); // the replication id
            } catch (NoSuchAlgorithmException e) {
                // reported where the id is computed
            }
        }
    }
}
