package io.couchrepl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.couchrepl.protocol.Attachment;
import io.couchrepl.protocol.Rev;
import io.couchrepl.store.SqliteStore;
import io.couchrepl.testing.ServerKind;
import io.couchrepl.testing.StoredAttachments;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code couchrepl pull} of a database with attachments into the durable store, then {@code dump}
 * and {@code cat}: every leaf's attachments byte-identical, checked by digest. One pull serves every
 * test, which only read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEXT = "hello attachment, gzip-encoded by CouchDB as it stores text\n".repeat(30);

    @TempDir
    static Path tmp;

    private TestDb db;
    private Path store;
    private String lettersRev;
    private byte[] photo;

    @BeforeAll
    void pullADatabaseWithAttachments() throws Exception {
        db = TestServer.shared().createDb("cat");
        photo = randomBytes(150_000, 1);
        String rev = db.putAttachment("letters", null, "hello.txt", "text/plain", TEXT.getBytes(StandardCharsets.UTF_8));
        rev = db.putAttachment("letters", rev, "photo.jpg", "image/jpeg", photo);
        lettersRev = db.putAttachment("letters", rev, "empty.bin", "application/octet-stream", new byte[0]);
        for (int i = 0; i < 3; i++) {
            db.putAttachment("copy" + i, null, "photo.jpg", "image/jpeg", photo);
        }
        String left = Base64.getEncoder().encodeToString("left".getBytes(StandardCharsets.UTF_8));
        String right = Base64.getEncoder().encodeToString(randomBytes(3000, 2));
        db.bulkDocs("[{\"_id\":\"conflict\",\"_rev\":\"2-aaaa\",\"_revisions\":{\"start\":2,\"ids\":[\"aaaa\",\"root\"]},"
                + "\"_attachments\":{\"note\":{\"content_type\":\"text/plain\",\"revpos\":2,\"data\":\"" + left + "\"}}},"
                + "{\"_id\":\"conflict\",\"_rev\":\"2-bbbb\",\"_revisions\":{\"start\":2,\"ids\":[\"bbbb\",\"root\"]},"
                + "\"_attachments\":{\"note\":{\"content_type\":\"application/octet-stream\",\"revpos\":2,\"data\":\""
                + right + "\"}}}]", false);
        String dropRev = db.putAttachment("dropped", null, "gone.bin", "application/octet-stream", randomBytes(10, 3));
        ObjectNode dropped = (ObjectNode) JSON.readTree(db.get("/dropped").body());
        dropped.remove("_attachments");
        dropped.put("_rev", dropRev);
        db.put("dropped", JSON.writeValueAsString(dropped));
        db.delete("deleted", db.putAttachment("deleted", null, "a.txt", "text/plain", "x".getBytes(StandardCharsets.UTF_8)));

        store = tmp.resolve("store.db");
        CliRun pull = CliRun.of("pull", db.url(), store.toString());
        assertThat(pull.exitCode()).as(pull.err()).isZero();
    }

    @AfterAll
    void dropDatabase() {
        db.drop();
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** One run of the command with stdout kept as bytes. */
    private record BinaryRun(int exitCode, byte[] out, String err) {}

    private static BinaryRun cat(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = Stream.concat(Stream.of("cat"), Stream.of(args)).toArray(String[]::new);
        int code = Main.execute(all, new PrintStream(out, true), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new BinaryRun(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void thePulledStoreHoldsEveryLeafsAttachmentsByteIdenticalByDigest() throws Exception {
        try (SqliteStore held = SqliteStore.open(store)) {
            StoredAttachments stored = (id, rev, name) -> held.attachment(id, Rev.parse(rev), name)
                    .map(a -> new StoredAttachments.Body(a.body().orElseThrow()::open, a.isEncoded()));

            assertThat(stored.assertHoldEveryLeafAttachmentOf(db)).isEqualTo(3 + 3 + 2);
            assertThat(held.attachmentBodyCount()).as("the photo of four documents is kept once").isEqualTo(5);
            try (Stream<Path> files = Files.find(held.attachmentsDirectory(), 3, (p, a) -> a.isRegularFile())) {
                assertThat(files.count()).isEqualTo(5);
            }
            Attachment text = held.attachment("letters", Rev.parse(lettersRev), "hello.txt").orElseThrow();
            if (db.server().kind() == ServerKind.COUCHDB) {
                assertThat(text.encoding()).as("kept as CouchDB stores it").isEqualTo("gzip");
            }
        }
    }

    @Test
    void dumpShowsAttachmentStubsAsTheServerDoes() throws Exception {
        CliRun dump = CliRun.of("dump", store.toString());

        assertThat(dump.exitCode()).as(dump.err()).isZero();
        List<JsonNode> dumped = dump.out().lines().map(this::parse).toList();
        assertThat(dumped).containsExactlyElementsOf(db.leaves().stream().map(this::parse).toList());
        JsonNode letters = dumped.stream().filter(d -> d.get("_id").asText().equals("letters")).findFirst().orElseThrow();
        JsonNode stub = letters.get("_attachments").get("photo.jpg");
        assertThat(stub.get("content_type").asText()).isEqualTo("image/jpeg");
        assertThat(stub.get("length").asLong()).isEqualTo(photo.length);
        assertThat(stub.get("stub").asBoolean()).isTrue();
        assertThat(stub.get("digest").asText()).startsWith("md5-");
        assertThat(stub.has("revpos")).isTrue();
    }

    private JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    @Test
    void catWritesTheWinnersAttachmentByteForByteAndDecodesGzipStoredText() {
        BinaryRun binary = cat(store.toString(), "letters", "photo.jpg");
        BinaryRun text = cat(store.toString(), "letters", "hello.txt");
        BinaryRun empty = cat(store.toString(), "letters", "empty.bin");

        assertThat(binary.exitCode()).as(binary.err()).isZero();
        assertThat(binary.out()).isEqualTo(photo);
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(new String(text.out(), StandardCharsets.UTF_8)).isEqualTo(TEXT);
        assertThat(empty.out()).isEmpty();
        assertThat(binary.err()).isEmpty();
    }

    @Test
    void catOfAnEarlierRevisionOrAConflictTakesRev() {
        assertThat(cat(store.toString(), "conflict", "note", "--rev", "2-aaaa").out())
                .isEqualTo("left".getBytes(StandardCharsets.UTF_8));
        assertThat(cat(store.toString(), "conflict", "note", "--rev", "2-bbbb").out())
                .isEqualTo(randomBytes(3000, 2));
    }

    @Test
    void whatTheStoreLacksIsNotFoundInOneLineAndExitCode6() {
        BinaryRun noAttachment = cat(store.toString(), "letters", "nope.txt");
        BinaryRun noDoc = cat(store.toString(), "nobody", "photo.jpg");
        BinaryRun noRev = cat(store.toString(), "letters", "photo.jpg", "--rev", "9-abc");
        BinaryRun removed = cat(store.toString(), "dropped", "gone.bin");
        BinaryRun deleted = cat(store.toString(), "deleted", "a.txt");

        assertThat(noAttachment.err()).isEqualTo("couchrepl: not_found: Document is missing attachment (letters "
                + lettersRev + " has no attachment nope.txt)\n");
        assertThat(noDoc.err()).isEqualTo("couchrepl: not_found: missing (no document nobody)\n");
        assertThat(noRev.err()).isEqualTo("couchrepl: not_found: missing (no revision 9-abc of letters)\n");
        assertThat(removed.err()).contains("has no attachment gone.bin");
        assertThat(deleted.err()).startsWith("couchrepl: not_found: deleted");
        for (BinaryRun run : List.of(noAttachment, noDoc, noRev, removed, deleted)) {
            assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
            assertThat(run.out()).isEmpty();
            assertThat(run.err().strip().lines()).hasSize(1);
        }
    }

    @Test
    void aMalformedRevIsAUsageErrorAndAMissingStoreExitCode4() {
        BinaryRun badRev = cat(store.toString(), "letters", "photo.jpg", "--rev", "nonsense");
        Path missing = tmp.resolve("missing.db");
        BinaryRun noStore = cat(missing.toString(), "letters", "photo.jpg");

        assertThat(badRev.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badRev.err()).startsWith("couchrepl: Invalid value for option '--rev'")
                .contains("'nonsense' is not a revision id");
        assertThat(noStore.exitCode()).isEqualTo(ExitCodes.STORE_UNUSABLE);
        assertThat(noStore.err()).isEqualTo("couchrepl: no store at " + missing + "\n");
        assertThat(missing).doesNotExist();
    }
}
