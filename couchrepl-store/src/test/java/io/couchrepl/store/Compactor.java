package io.couchrepl.store;

import java.nio.file.Path;

/** A program that compacts a store, for {@link CompactionTest} to kill. */
final class Compactor {

    private Compactor() {}

    public static void main(String[] args) throws Exception {
        try (SqliteStore store = SqliteStore.open(Path.of(args[0]))) {
            System.out.println("compacting");
            System.out.flush();
            store.compact();
            System.out.println("compacted");
        }
    }
}
