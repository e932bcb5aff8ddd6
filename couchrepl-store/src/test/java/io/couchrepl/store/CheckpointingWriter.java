package io.couchrepl.store;

import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import io.couchrepl.protocol.Seq;
import io.couchrepl.spi.Checkpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A program that replicates into a store forever, for {@link CrashSafetyTest} to kill: batch k writes
 * documents {@code k-00..k-19} at rev 1, rev 2 of batch k-1's documents, and checkpoint seq k, all
 * with {@code writeDocsAndCheckpoint}. It resumes after the stored checkpoint.
 */
final class CheckpointingWriter {

    static final String REPLICATION_ID = "crash-test";
    static final int DOCS_PER_BATCH = 20;

    private CheckpointingWriter() {}

    public static void main(String[] args) throws Exception {
        try (SqliteStore store = SqliteStore.open(Path.of(args[0]))) {
            int next = store.readCheckpoint(REPLICATION_ID)
                    .map(c -> Integer.parseInt(c.lastSeq().json()) + 1)
                    .orElse(0);
            System.out.println("ready " + next);
            System.out.flush();
            for (int k = next; ; k++) {
                store.writeDocsAndCheckpoint(batch(k), new Checkpoint(REPLICATION_ID, "s", new Seq(Integer.toString(k))));
            }
        }
    }

    static String id(int batch, int doc) {
        return String.format("%06d-%02d", batch, doc);
    }

    static List<DocRevision> batch(int k) {
        String padding = "x".repeat(1500);
        List<DocRevision> docs = new ArrayList<>();
        for (int i = 0; i < DOCS_PER_BATCH; i++) {
            docs.add(new DocRevision(id(k, i), new Rev(1, "a"), false, List.of("a"),
                    "{\"batch\":" + k + ",\"pad\":\"" + padding + "\"}"));
            if (k > 0) {
                docs.add(new DocRevision(id(k - 1, i), new Rev(2, "b"), false, List.of("b", "a"),
                        "{\"batch\":" + (k - 1) + ",\"second\":true}"));
            }
        }
        return docs;
    }
}
