package io.couchrepl.store;

import static io.couchrepl.store.Revisions.rev;
import static io.couchrepl.store.Revisions.revision;
import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.ReplicationOptions;
import io.couchrepl.ReplicationStatus;
import io.couchrepl.Replicator;
import io.couchrepl.attachments.Md5Digest;
import io.couchrepl.memory.MemoryStore;
import io.couchrepl.protocol.Attachment;
import io.couchrepl.protocol.AttachmentBody;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.MissingRevs;
import io.couchrepl.protocol.Rev;
import io.couchrepl.spi.Checkpoint;
import io.couchrepl.spi.Target;
import io.couchrepl.spi.WriteResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable store's attachment bodies: one file per digest beside the store, checked before they are kept. */
class SqliteAttachmentsTest {

    @TempDir
    Path dir;

    Path file;
    SqliteStore store;

    @BeforeEach
    void open() throws Exception {
        file = dir.resolve("store.db");
        store = SqliteStore.open(file);
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    private static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static Attachment attachment(String name, byte[] bytes) throws IOException {
        return new Attachment(name, "application/octet-stream", 1, Md5Digest.of(new ByteArrayInputStream(bytes)),
                bytes.length, Attachment.IDENTITY, bytes.length, Optional.of(AttachmentBody.of(bytes)));
    }

    private static DocRevision withAttachments(DocRevision revision, Attachment... attachments) {
        return revision.withAttachments(List.of(attachments));
    }

    private byte[] storedBytes(String id, String rev, String name) throws IOException {
        try (InputStream in = store.attachment(id, rev(rev), name).orElseThrow().body().orElseThrow().open()) {
            return in.readAllBytes();
        }
    }

    private long filesKept() throws IOException {
        try (Stream<Path> files = Files.find(store.attachmentsDirectory(), 3, (p, a) -> a.isRegularFile())) {
            return files.count();
        }
    }

    @Test
    void keepsOneFilePerBodyHoweverManyDocumentsAndRevisionsShareIt() throws Exception {
        byte[] logo = bytes(70_000, 1);
        for (int i = 0; i < 5; i++) {
            store.writeDocs(List.of(withAttachments(revision("doc" + i, "1-a"), attachment("logo.png", logo))));
        }
        store.writeDocs(List.of(withAttachments(revision("doc0", "2-b", "a"), attachment("copy.png", logo))));

        assertThat(store.attachmentBodyCount()).isEqualTo(1);
        assertThat(filesKept()).isEqualTo(1);
        String hex = HexFormat.of().formatHex(Md5Digest.bytesOf(attachment("logo.png", logo).digest()).orElseThrow());
        assertThat(file.resolveSibling("store.db-attachments").resolve(hex.substring(0, 2)).resolve(hex))
                .as("named by its digest, beside the store").hasBinaryContent(logo);
        assertThat(storedBytes("doc0", "2-b", "copy.png")).isEqualTo(logo);
    }

    @Test
    void givesBackTheAttachmentsInTheirOrderAsStubsAfterReopening() throws Exception {
        Attachment b = attachment("b.bin", bytes(10, 2));
        Attachment a = attachment("a.bin", bytes(20, 3));
        store.writeDocs(List.of(withAttachments(revision("doc", "1-a"), b, a)));
        store.close();
        store = SqliteStore.open(file);

        assertThat(store.winner("doc").orElseThrow().attachments()).containsExactly(b.asStub(), a.asStub());
        assertThat(storedBytes("doc", "1-a", "a.bin")).isEqualTo(bytes(20, 3));
        assertThat(store.attachment("doc", rev("1-a"), "c.bin")).isEmpty();
        assertThat(store.attachment("doc", rev("2-x"), "a.bin")).isEmpty();
    }

    @Test
    void aBodyThatDoesNotMatchItsDigestIsRefusedWithItsRevisionAndLeavesNoFile() throws Exception {
        Attachment good = attachment("good.bin", bytes(100, 4));
        Attachment bad = attachment("bad.bin", bytes(100, 5)).withBody(AttachmentBody.of(bytes(100, 6)));

        WriteResult result = store.writeDocs(List.of(
                withAttachments(revision("refused", "1-a"), good, bad),
                withAttachments(revision("kept", "1-a"), attachment("other.bin", bytes(30, 7)))));

        assertThat(result.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.id()).isEqualTo("refused");
            assertThat(failure.error()).isEqualTo("content_md5_mismatch");
            assertThat(failure.reason()).contains("bad.bin", bad.digest());
        });
        assertThat(store.winner("refused")).isEmpty();
        assertThat(store.winner("kept")).isPresent();
        assertThat(store.attachmentBodyCount()).isEqualTo(1);
        assertThat(filesKept()).as("neither the good nor the bad body of the refused revision").isEqualTo(1);
    }

    @Test
    void aBodyShorterThanItsEntryIsRefused() throws Exception {
        byte[] full = bytes(100, 8);
        Attachment cut = attachment("cut.bin", full).withBody(AttachmentBody.of(Arrays.copyOf(full, 60)));

        WriteResult result = store.writeDocs(List.of(withAttachments(revision("doc", "1-a"), cut)));

        assertThat(result.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.error()).isEqualTo("bad_request");
            assertThat(failure.reason()).isEqualTo("attachment cut.bin of doc 1-a is 60 bytes, its entry says 100");
        });
        assertThat(store.winner("doc")).isEmpty();
    }

    @Test
    void aStubIsFoundByDigestAndOneWhoseBodyIsMissingIsRefused() throws Exception {
        Attachment kept = attachment("kept.bin", bytes(50, 9));
        store.writeDocs(List.of(withAttachments(revision("doc", "1-a"), kept)));

        WriteResult result = store.writeDocs(List.of(
                withAttachments(revision("doc", "2-b", "a"), kept.asStub()),
                withAttachments(revision("other", "1-a"), attachment("never.bin", bytes(50, 10)).asStub())));

        assertThat(result.failures()).containsExactly(new WriteResult.Failure("other", rev("1-a"), "missing_stub",
                "Invalid attachment stub in other for never.bin"));
        assertThat(storedBytes("doc", "2-b", "kept.bin")).isEqualTo(bytes(50, 9));
    }

    @Test
    void writingAHeldRevisionAgainReadsNoBody() throws Exception {
        DocRevision revision = withAttachments(revision("doc", "1-a"), attachment("a.bin", bytes(10, 11)));
        store.writeDocs(List.of(revision));
        DocRevision again = revision.withAttachments(List.of(revision.attachments().get(0)
                .withBody(new AttachmentBody() {
                    @Override
                    public long size() {
                        return 10;
                    }

                    @Override
                    public InputStream open() throws IOException {
                        throw new IOException("a held revision's body must not be read again");
                    }
                })));

        assertThat(store.writeDocs(List.of(again)).failures()).isEmpty();
    }

    @Test
    void removesHalfWrittenBodiesWhenOpened() throws Exception {
        store.writeDocs(List.of(withAttachments(revision("doc", "1-a"), attachment("a.bin", bytes(10, 12)))));
        store.close();
        Path tmp = Files.createDirectories(file.resolveSibling("store.db-attachments").resolve("tmp"));
        Files.write(tmp.resolve("crashed.part"), bytes(5, 13));

        store = SqliteStore.open(file);

        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).isEmpty();
        }
        assertThat(storedBytes("doc", "1-a", "a.bin")).isEqualTo(bytes(10, 12));
    }

    @Test
    void upgradesAStoreFromBeforeAttachmentsKeepingItsRevisions() throws Exception {
        DocRevision old = new DocRevision("old", rev("1-a"), false, List.of("a"),
                "{\"_attachments\":{\"x\":{\"stub\":true,\"digest\":\"md5-AAAAAAAAAAAAAAAAAAAAAA==\",\"length\":1}}}");
        store.writeDocs(List.of(old));
        store.close();
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = sql.createStatement()) {
            s.execute("DROP TABLE unreferenced_bodies");
            s.execute("DROP TABLE replication_peers");
            s.execute("DROP TABLE attachments");
            s.execute("DROP TABLE attachment_bodies");
            s.execute("ALTER TABLE revs DROP COLUMN attachments");
            s.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'");
        }

        store = SqliteStore.open(file);
        store.writeDocs(List.of(withAttachments(revision("new", "1-a"), attachment("a.bin", bytes(10, 14)))));

        assertThat(store.winner("old")).contains(old);
        assertThat(storedBytes("new", "1-a", "a.bin")).isEqualTo(bytes(10, 14));
        store.close();
        store = SqliteStore.open(file);
        assertThat(store.leaves()).hasSize(2);
    }

    @Test
    void replicatesAttachmentsFromStoreToStoreSendingOnlyWhatChanged() throws Exception {
        MemoryStore memory = new MemoryStore();
        Attachment kept = attachment("kept.bin", bytes(30_000, 20));
        memory.writeDocs(List.of(withAttachments(revision("doc", "1-a"), kept, attachment("old.bin", bytes(10, 21)))));
        assertThat(Replicator.create(memory, store, ReplicationOptions.defaults()).run().stats().docsWritten())
                .isEqualTo(1);
        Attachment changed = new Attachment("old.bin", "application/octet-stream", 2,
                Md5Digest.of(new ByteArrayInputStream(bytes(10, 22))), 10, Attachment.IDENTITY, 10,
                Optional.of(AttachmentBody.of(bytes(10, 22))));
        memory.writeDocs(List.of(withAttachments(revision("doc", "2-b", "a"), kept.asStub(), changed)));
        List<DocRevision> fetchedBySecondRun = new ArrayList<>();
        Target recording = new RecordingTarget(store, fetchedBySecondRun);

        ReplicationStatus second = Replicator.create(memory, recording, ReplicationOptions.defaults()).run();

        assertThat(second.stats().docWriteFailures()).isZero();
        assertThat(fetchedBySecondRun).singleElement().satisfies(revision ->
                assertThat(revision.attachments()).extracting(Attachment::isStub).containsExactly(true, false));
        assertThat(storedBytes("doc", "2-b", "kept.bin")).isEqualTo(bytes(30_000, 20));
        assertThat(storedBytes("doc", "2-b", "old.bin")).isEqualTo(bytes(10, 22));

        MemoryStore back = new MemoryStore();
        Replicator.create(store, back, ReplicationOptions.defaults()).run();
        assertThat(back.leaves()).isEqualTo(store.leaves());
        try (InputStream in = back.attachment("doc", rev("2-b"), "kept.bin").orElseThrow().body().orElseThrow().open()) {
            assertThat(in.readAllBytes()).isEqualTo(bytes(30_000, 20));
        }
    }

    /** A target that remembers the revisions it was given, then writes them into the store. */
    private record RecordingTarget(SqliteStore store, List<DocRevision> given) implements Target {
        @Override
        public String identity() {
            return store.identity();
        }

        @Override
        public Map<String, MissingRevs> revsDiff(Map<String, List<Rev>> revs) throws IOException {
            return store.revsDiff(revs);
        }

        @Override
        public WriteResult writeDocs(List<DocRevision> docs) throws IOException {
            given.addAll(docs);
            return store.writeDocs(docs);
        }

        @Override
        public Optional<Checkpoint> readCheckpoint(String replicationId) throws IOException {
            return store.readCheckpoint(replicationId);
        }

        @Override
        public void writeCheckpoint(Checkpoint checkpoint) throws IOException {
            store.writeCheckpoint(checkpoint);
        }

        @Override
        public void close() {}
    }
}
