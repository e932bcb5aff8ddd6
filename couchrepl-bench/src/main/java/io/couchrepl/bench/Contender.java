package io.couchrepl.bench;

/** The four things the benchmark times, in the order each round runs them. */
enum Contender {
    DURABLE("A", "couchrepl pull into the durable store (`bin/couchrepl pull`, whole process)"),
    MEMORY("B", "couchrepl pull into the in-memory store (library in a fresh JVM with bin/couchrepl's JVM flags, whole process)"),
    POUCHDB("C", "PouchDB `replicate` into its in-memory adapter (node, whole process)"),
    FLOOR("D", "protocol floor: `_changes` + sequential `_bulk_get` of 500 leaves, answers discarded");

    final String letter;
    final String description;

    Contender(String letter, String description) {
        this.letter = letter;
        this.description = description;
    }

    boolean isJvm() {
        return this != POUCHDB;
    }
}
