package io.couchrepl.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.attachments.Md5Digest;
import io.couchrepl.memory.MemoryStore;
import io.couchrepl.protocol.Attachment;
import io.couchrepl.protocol.AttachmentBody;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import io.couchrepl.protocol.Seq;
import io.couchrepl.spi.Checkpoint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The durable store against the in-memory reference: the same seeded random histories (conflicts,
 * deletions, recreations, truncated {@code _revisions}, bodies arriving after their descendants,
 * repeated revisions, attachments shared between revisions and documents, gzip-encoded ones, stubs,
 * corrupted and truncated bodies) written in the same batches must leave both with the same write
 * results, leaves, winners, bodies, attachment bytes and {@code _revs_diff} answers.
 */
class MemoryStoreEquivalenceTest {

    private static final String[] ID_STEMS = {
        "a", "A", "b", "doc", "\u00E9t\u00E9", "\uE000", "\uFF5E", "\uD83D\uDE00", "z\uD834\uDD1E", "_design/x", "1", "10", "9"
    };

    @TempDir
    Path dir;

    /** One node of a generated revision tree. */
    private record Node(Rev rev, Node parent, boolean deleted) {}

    /** An attachment body as a source would send it: the stored bytes, their encoding and decoded length. */
    private record Body(byte[] stored, String encoding, long length) {
        String digest() {
            return digestOf(stored);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void holdsTheSameRevisionsAsMemoryStoreAfterTheSameWrites(long seed) throws Exception {
        Random random = new Random(seed);
        List<Body> bodies = bodyPool(random);
        Map<String, List<Node>> trees = new LinkedHashMap<>();
        List<DocRevision> writes = new ArrayList<>();
        for (int d = 0; d < 40; d++) {
            String id = ID_STEMS[random.nextInt(ID_STEMS.length)] + (random.nextBoolean() ? "" : "-" + d);
            if (trees.containsKey(id)) {
                continue;
            }
            List<Node> nodes = growTree(random);
            trees.put(id, nodes);
            for (Node node : nodes) {
                writes.add(revisionOf(id, node, random, bodies));
            }
        }
        Collections.shuffle(writes, random);
        for (int i = 0, n = writes.size() / 8; i < n; i++) {
            writes.add(random.nextInt(writes.size()), writes.get(random.nextInt(writes.size())));
        }

        Path file = dir.resolve("store.db");
        MemoryStore memory = new MemoryStore();
        SqliteStore sqlite = SqliteStore.open(file);
        try {
            int batchNumber = 0;
            for (int from = 0; from < writes.size(); ) {
                int to = Math.min(writes.size(), from + 1 + random.nextInt(40));
                List<DocRevision> batch = writes.subList(from, to);
                if (random.nextBoolean()) {
                    Checkpoint checkpoint = new Checkpoint("r", "s", new Seq("\"" + batchNumber + "-g1AAAA\""));
                    assertThat(sqlite.writeDocsAndCheckpoint(batch, checkpoint))
                            .isEqualTo(memory.writeDocsAndCheckpoint(batch, checkpoint));
                } else {
                    assertThat(sqlite.writeDocs(batch)).isEqualTo(memory.writeDocs(batch));
                }
                if (batchNumber % 5 == 0) {
                    assertThat(couchJson(sqlite.leaves())).isEqualTo(couchJson(memory.leaves()));
                }
                from = to;
                batchNumber++;
            }

            assertSameContents(memory, sqlite, trees, random);
            sqlite.close();
            sqlite = SqliteStore.open(file);
            assertSameContents(memory, sqlite, trees, random);
        } finally {
            sqlite.close();
        }
    }

    private static void assertSameContents(MemoryStore memory, SqliteStore sqlite, Map<String, List<Node>> trees,
            Random random) throws Exception {
        assertThat(couchJson(sqlite.leaves())).isEqualTo(couchJson(memory.leaves()));
        List<DocRevision> streamed = new ArrayList<>();
        sqlite.forEachLeaf(streamed::add);
        assertThat(streamed).isEqualTo(memory.leaves());
        assertThat(sqlite.revisionCount()).isEqualTo(memory.revisionCount());
        assertThat(sqlite.readCheckpoint("r")).isEqualTo(memory.readCheckpoint("r"));
        assertThat(sqlite.attachmentBodyCount()).isEqualTo(memory.attachmentBodyCount());
        try (var files = Files.find(sqlite.attachmentsDirectory(), 3, (path, attributes) -> attributes.isRegularFile())) {
            assertThat(files.count()).as("one file per kept body, nothing left in tmp/")
                    .isEqualTo(memory.attachmentBodyCount());
        }
        for (DocRevision leaf : memory.leaves()) {
            for (Attachment attachment : leaf.attachments()) {
                assertThat(storedDigest(sqlite.attachment(leaf.id(), leaf.rev(), attachment.name())))
                        .as("bytes of %s of %s %s", attachment.name(), leaf.id(), leaf.rev())
                        .isEqualTo(storedDigest(memory.attachment(leaf.id(), leaf.rev(), attachment.name())))
                        .isEqualTo(attachment.digest());
            }
        }

        Map<String, List<Rev>> asked = new LinkedHashMap<>();
        for (Map.Entry<String, List<Node>> tree : trees.entrySet()) {
            String id = tree.getKey();
            assertThat(sqlite.winner(id)).as("winner of %s", id).isEqualTo(memory.winner(id));
            List<Rev> revs = new ArrayList<>();
            for (Node node : tree.getValue()) {
                assertThat(sqlite.revision(id, node.rev())).isEqualTo(memory.revision(id, node.rev()));
                if (random.nextInt(3) == 0) {
                    revs.add(node.rev());
                }
            }
            revs.add(new Rev(1 + random.nextInt(12), "unknown"));
            asked.put(id, revs);
        }
        asked.put("never-written", List.of(new Rev(3, "abc"), new Rev(1, "abc")));
        assertThat(sqlite.revsDiff(asked)).isEqualTo(memory.revsDiff(asked));
    }

    /** A revision tree: a root (sometimes two), then children of random nodes, some of them tombstones. */
    private static List<Node> growTree(Random random) {
        List<Node> nodes = new ArrayList<>();
        Set<Rev> used = new HashSet<>();
        int roots = random.nextInt(6) == 0 ? 2 : 1;
        for (int i = 0; i < roots; i++) {
            nodes.add(new Node(newRev(1, used, random), null, false));
        }
        int growth = random.nextInt(14);
        for (int i = 0; i < growth; i++) {
            // Favour the newest nodes so that histories get long, with branches now and then.
            int index = random.nextInt(4) == 0 ? random.nextInt(nodes.size()) : nodes.size() - 1;
            Node parent = nodes.get(index);
            boolean deleted = random.nextInt(5) == 0;
            nodes.add(new Node(newRev(parent.rev().pos() + 1, used, random), parent, deleted));
        }
        return nodes;
    }

    private static Rev newRev(int pos, Set<Rev> used, Random random) {
        while (true) {
            int length = 1 + random.nextInt(4);
            StringBuilder hash = new StringBuilder();
            for (int i = 0; i < length; i++) {
                hash.append("0123456789abcdef".charAt(random.nextInt(16)));
            }
            Rev rev = new Rev(pos, hash.toString());
            if (used.add(rev)) {
                return rev;
            }
        }
    }

    private static DocRevision revisionOf(String id, Node node, Random random, List<Body> bodies) {
        List<String> history = new ArrayList<>();
        for (Node n = node; n != null; n = n.parent()) {
            history.add(n.rev().hash());
        }
        if (history.size() > 1 && random.nextInt(5) == 0) {
            history = history.subList(0, 1 + random.nextInt(history.size() - 1));
        }
        String body = node.deleted() && random.nextBoolean()
                ? "{}"
                : "{\"v\":" + node.rev().pos() + ",\"s\":\"x\u00E9\uD83D\uDE00" + random.nextInt(1000) + "\", \"n\": 1.50}";
        return new DocRevision(id, node.rev(), node.deleted(), history, body,
                node.deleted() ? List.of() : attachmentsOf(node, random, bodies));
    }

    /**
     * Bodies of several sizes, a third of them gzip-encoded as CouchDB stores text, drawn from again
     * and again so that revisions and documents share them.
     */
    private static List<Body> bodyPool(Random random) {
        List<Body> pool = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            byte[] content = new byte[random.nextInt(3) == 0 ? 20_000 + random.nextInt(60_000) : random.nextInt(200)];
            random.nextBytes(content);
            if (i % 3 == 0) {
                ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
                try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
                    gzip.write(content);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                pool.add(new Body(gzipped.toByteArray(), "gzip", content.length));
            } else {
                pool.add(new Body(content, Attachment.IDENTITY, content.length));
            }
        }
        return pool;
    }

    /** Up to three attachments: most with their bodies, some stubs (refused until the body is held), a few damaged. */
    private static List<Attachment> attachmentsOf(Node node, Random random, List<Body> bodies) {
        List<Attachment> attachments = new ArrayList<>();
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            Body body = bodies.get(random.nextInt(bodies.size()));
            Attachment attachment = new Attachment("att-" + i + (random.nextBoolean() ? ".txt" : ".bin"),
                    random.nextBoolean() ? "text/plain" : "application/octet-stream", node.rev().pos(), body.digest(),
                    body.length(), body.encoding(), body.stored().length, Optional.of(AttachmentBody.of(body.stored())));
            int fate = random.nextInt(20);
            if (fate < 4) {
                attachment = attachment.asStub();
            } else if (fate == 4) {
                byte[] corrupted = body.stored().clone();
                corrupted[random.nextInt(corrupted.length)] ^= 0x20;
                attachment = attachment.withBody(AttachmentBody.of(corrupted));
            } else if (fate == 5) {
                attachment = attachment.withBody(AttachmentBody.of(Arrays.copyOf(body.stored(), body.stored().length - 1)));
            }
            attachments.add(attachment);
        }
        return attachments;
    }

    private static String storedDigest(Optional<Attachment> attachment) throws IOException {
        try (InputStream in = attachment.orElseThrow().body().orElseThrow().open()) {
            return Md5Digest.of(in);
        }
    }

    private static String digestOf(byte[] bytes) {
        try {
            return Md5Digest.of(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> couchJson(List<DocRevision> revisions) {
        return revisions.stream().map(DocRevision::toCouchJson).toList();
    }
}
