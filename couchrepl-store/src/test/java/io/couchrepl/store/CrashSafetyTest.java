package io.couchrepl.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.attachments.Md5Digest;
import io.couchrepl.protocol.Attachment;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import io.couchrepl.spi.Checkpoint;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer process killed with SIGKILL mid-replication leaves a store that opens, passes SQLite's
 * quick_check, and holds exactly the batches its checkpoint covers, every attachment body they name
 * complete in its file, and no half-written body. With attachments replaced by each update, the kill
 * also lands while the bodies the old revisions named are being deleted: no body a leaf names is
 * ever lost, and the open deletes every file no leaf names.
 */
class CrashSafetyTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void neverHoldsACheckpointWithoutItsBatchOrABatchWithoutItsCheckpointAfterAKill(boolean replaceAttachments)
            throws Exception {
        Path file = dir.resolve("store.db");
        Random random = new Random(20240601);
        int lastCheckpoint = -1;
        for (int round = 0; round < 4; round++) {
            Process writer = StoreChecks.start(CheckpointingWriter.class, file.toString(),
                    replaceAttachments ? "replace" : "keep");
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
                String ready = out.readLine();
                assertThat(ready).as("writer's first line").isEqualTo("ready " + (lastCheckpoint + 1));
                assertThat(out.readLine()).as("writer's second line").isEqualTo("wrote " + (lastCheckpoint + 1));
                Thread.sleep(random.nextInt(300));
            } finally {
                writer.destroyForcibly();
                assertThat(writer.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }

            // Opening recovers from the WAL the killed writer left; quick_check then reads through it.
            try (SqliteStore store = SqliteStore.open(file)) {
                assertThat(StoreChecks.quickCheck(file)).isEqualTo("ok");
                int k = store.readCheckpoint(CheckpointingWriter.REPLICATION_ID)
                        .map(Checkpoint::lastSeq)
                        .map(seq -> Integer.parseInt(seq.json()))
                        .orElse(-1);
                assertThat(k).as("checkpoint after round %d", round).isGreaterThanOrEqualTo(lastCheckpoint);
                assertHoldsExactlyBatchesUpTo(store, k);
                lastCheckpoint = k;
            }
        }
        assertThat(lastCheckpoint).as("batches written over all rounds").isGreaterThan(0);
    }

    private static void assertHoldsExactlyBatchesUpTo(SqliteStore store, int k) throws Exception {
        int perBatch = CheckpointingWriter.DOCS_PER_BATCH;
        assertThat(store.docCount()).isEqualTo((long) (k + 1) * perBatch);
        // Batch k's documents are at rev 1; every earlier batch got its rev 2 from batch k.
        for (int batch = 0; batch <= k; batch++) {
            Rev expected = batch == k ? new Rev(1, "a") : new Rev(2, "b");
            for (int i = 0; i < perBatch; i++) {
                String id = CheckpointingWriter.id(batch, i);
                assertThat(store.winner(id).map(DocRevision::rev)).as(id).contains(expected);
            }
        }
        for (int i = 0; i < perBatch; i++) {
            assertThat(store.winner(CheckpointingWriter.id(k + 1, i))).isEmpty();
        }
        // Only leaves keep a body: one per document.
        assertThat(store.revisionCount()).isEqualTo((k + 1) * perBatch);
        // The first document of each batch brings a body of its own (replaced or kept by its rev 2);
        // every document shares one more.
        assertThat(store.attachmentBodyCount()).isEqualTo(k < 0 ? 0 : k + 2);
        assertThat(StoreChecks.bodyFiles(store)).as("one file per body a leaf names, none other")
                .isEqualTo(store.attachmentBodyCount());
        for (DocRevision leaf : store.leaves()) {
            boolean ownAndShared = leaf.rev().pos() == 1 && leaf.id().endsWith("-00");
            assertThat(leaf.attachments()).hasSize(ownAndShared ? 2 : 1);
            for (Attachment attachment : leaf.attachments()) {
                try (InputStream in = store.attachment(leaf.id(), leaf.rev(), attachment.name()).orElseThrow()
                        .body().orElseThrow().open()) {
                    assertThat(Md5Digest.of(in)).as("%s of %s", attachment.name(), leaf.id())
                            .isEqualTo(attachment.digest());
                }
            }
        }
        Path tmp = store.attachmentsDirectory().resolve("tmp");
        if (Files.isDirectory(tmp)) {
            try (var leftovers = Files.list(tmp)) {
                assertThat(leftovers).as("half-written bodies are removed on open").isEmpty();
            }
        }
    }

}
