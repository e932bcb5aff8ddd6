package io.couchrepl.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.attachments.Md5Digest;
import io.couchrepl.protocol.Attachment;
import io.couchrepl.protocol.AttachmentBody;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compact}: what it gives back, and that a kill at any moment of it leaves a sound store
 * holding the same leaves, every attachment a leaf names readable, and that running it again
 * finishes the job.
 */
class CompactionTest {

    @TempDir
    Path dir;

    @Test
    void stemsEveryTreeToALoweredRevsLimitAndGivesTheSpaceBack() throws Exception {
        Path file = dir.resolve("store.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            fill(store, 200, 12, new Random(1));
            long before = store.info().sizes().file();
            store.setRevsLimit(3);

            CompactionResult result = store.compact();

            assertThat(result.revisionsStemmed()).isEqualTo(200 * (12 - 3));
            assertThat(store.revsDiff(java.util.Map.of("doc-00000", List.of(new Rev(1, "h1"), new Rev(10, "h10")))))
                    .as("1 stemmed away, 10 kept")
                    .containsOnlyKeys("doc-00000");
            assertThat(store.leaves()).allSatisfy(leaf -> assertThat(leaf.history()).hasSize(3));
            assertThat(result.bytesAfter()).isLessThan(before).isEqualTo(store.info().sizes().file());
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aCompactionKilledAtAnyMomentLeavesASoundStoreWithTheSameLeaves() throws Exception {
        Path file = dir.resolve("big.db");
        List<String> leaves;
        try (SqliteStore store = SqliteStore.open(file)) {
            fill(store, 3000, 12, new Random(2));
            store.setRevsLimit(2);
            leaves = leavesWithoutHistory(store);
        }
        Random random = new Random(20261203);
        int killedMidway = 0;
        for (int round = 0; round < 5; round++) {
            Process compactor = StoreChecks.start(Compactor.class, file.toString());
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(compactor.getInputStream(), StandardCharsets.UTF_8))) {
                assertThat(out.readLine()).isEqualTo("compacting");
                Thread.sleep(random.nextInt(40 + 250 * round));
                if (compactor.isAlive()) {
                    killedMidway++;
                }
            } finally {
                compactor.destroyForcibly(); // SIGKILL
                assertThat(compactor.waitFor(20, TimeUnit.SECONDS)).isTrue();
            }
            assertSound(file, leaves);
        }
        assertThat(killedMidway).as("kills that landed while compacting").isGreaterThanOrEqualTo(3);

        Process last = StoreChecks.start(Compactor.class, file.toString());
        assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(last.exitValue()).isZero();
        assertSound(file, leaves);
        try (SqliteStore store = SqliteStore.open(file)) {
            assertThat(store.leaves()).allSatisfy(leaf -> assertThat(leaf.history().size()).isLessThanOrEqualTo(2));
        }
    }

    /** Documents with a history of {@code generations} revisions, each with an attachment it replaces. */
    static void fill(SqliteStore store, int docs, int generations, Random random) throws Exception {
        for (int from = 0; from < docs; from += 100) {
            List<DocRevision> batch = new ArrayList<>();
            for (int d = from; d < Math.min(docs, from + 100); d++) {
                List<String> history = new ArrayList<>();
                for (int g = 1; g <= generations; g++) {
                    history.add(0, "h" + g);
                    byte[] bytes = new byte[512 + random.nextInt(512)];
                    random.nextBytes(bytes);
                    batch.add(new DocRevision(String.format("doc-%05d", d), new Rev(g, "h" + g), false, history,
                            "{\"generation\":" + g + ",\"text\":\"" + "t".repeat(300) + "\"}",
                            List.of(attachment(bytes))));
                }
            }
            store.writeDocs(batch);
        }
    }

    private static Attachment attachment(byte[] bytes) throws Exception {
        return new Attachment("a.bin", "application/octet-stream", 1, Md5Digest.of(new ByteArrayInputStream(bytes)),
                bytes.length, Attachment.IDENTITY, bytes.length, Optional.of(AttachmentBody.of(bytes)));
    }

    private static List<String> leavesWithoutHistory(SqliteStore store) throws Exception {
        List<String> leaves = new ArrayList<>();
        for (DocRevision leaf : store.leaves()) {
            leaves.add(leaf.id() + " " + leaf.rev() + " " + leaf.body() + " " + leaf.attachments());
        }
        return leaves;
    }

    private static void assertSound(Path file, List<String> leaves) throws Exception {
        try (SqliteStore store = SqliteStore.open(file)) {
            assertThat(StoreChecks.quickCheck(file)).isEqualTo("ok");
            assertThat(leavesWithoutHistory(store)).isEqualTo(leaves);
            for (DocRevision leaf : store.leaves()) {
                Attachment stub = leaf.attachments().get(0);
                try (InputStream in = store.attachment(leaf.id(), leaf.rev(), stub.name()).orElseThrow()
                        .body().orElseThrow().open()) {
                    assertThat(Md5Digest.of(in)).isEqualTo(stub.digest());
                }
            }
            assertThat(StoreChecks.bodyFiles(store)).as("one file per body a leaf names")
                    .isEqualTo(store.attachmentBodyCount());
        }
    }

}
