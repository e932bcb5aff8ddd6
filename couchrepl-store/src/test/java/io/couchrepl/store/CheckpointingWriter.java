package io.couchrepl.store;

import io.couchrepl.attachments.Md5Digest;
import io.couchrepl.protocol.Attachment;
import io.couchrepl.protocol.AttachmentBody;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import io.couchrepl.protocol.Seq;
import io.couchrepl.spi.Checkpoint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A program that replicates into a store forever, for {@link CrashSafetyTest} to kill: batch k writes
 * documents {@code k-00..k-19} at rev 1, rev 2 of batch k-1's documents, and checkpoint seq k, all
 * with {@code writeDocsAndCheckpoint}. Rev 1 carries an attachment every document shares, the first
 * document of a batch also one of its own; rev 2 keeps one of them as a stub, or with {@code replace}
 * gives the first document a new body of its own instead (so the store deletes the old one's file).
 * It resumes after the stored checkpoint.
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
                store.writeDocsAndCheckpoint(batch(k, args.length > 1 && args[1].equals("replace")), new Checkpoint(REPLICATION_ID, "s", new Seq(Integer.toString(k))));
                if (k == next) {
                    // The killer waits for this: on a busy machine the first batch may take a while.
                    System.out.println("wrote " + k);
                    System.out.flush();
                }
            }
        }
    }

    static String id(int batch, int doc) {
        return String.format("%06d-%02d", batch, doc);
    }

    static List<DocRevision> batch(int k, boolean replace) throws IOException {
        String padding = "x".repeat(1500);
        List<DocRevision> docs = new ArrayList<>();
        for (int i = 0; i < DOCS_PER_BATCH; i++) {
            // One new body per batch (the first document's own), so a batch stays quick to write.
            List<Attachment> first = i == 0 ? List.of(attachment("own.bin", bytesOf(id(k, i))), SHARED) : List.of(SHARED);
            docs.add(new DocRevision(id(k, i), new Rev(1, "a"), false, List.of("a"),
                    "{\"batch\":" + k + ",\"pad\":\"" + padding + "\"}", first));
            if (k > 0) {
                Attachment kept = i == 0 ? attachment("own.bin", bytesOf(id(k - 1, i))) : SHARED;
                Attachment second = replace && i == 0
                        ? attachment("own.bin", bytesOf(id(k - 1, i) + "-2"))
                        : kept.asStub();
                docs.add(new DocRevision(id(k - 1, i), new Rev(2, "b"), false, List.of("b", "a"),
                        "{\"batch\":" + (k - 1) + ",\"second\":true}", List.of(second)));
            }
        }
        return docs;
    }

    private static final Attachment SHARED;

    static {
        try {
            SHARED = attachment("shared.bin", bytesOf("shared"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytesOf(String seed) {
        byte[] bytes = new byte[4096];
        new Random(seed.hashCode()).nextBytes(bytes);
        return bytes;
    }

    private static Attachment attachment(String name, byte[] bytes) throws IOException {
        return new Attachment(name, "application/octet-stream", 1, Md5Digest.of(new ByteArrayInputStream(bytes)),
                bytes.length, Attachment.IDENTITY, bytes.length, Optional.of(AttachmentBody.of(bytes)));
    }
}
