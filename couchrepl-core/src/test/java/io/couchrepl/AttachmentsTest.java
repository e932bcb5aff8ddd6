package io.couchrepl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.couchrepl.http.ClientOptions;
import io.couchrepl.http.CouchUrl;
import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.memory.MemoryStore;
import io.couchrepl.protocol.Attachment;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import io.couchrepl.testing.Fault;
import io.couchrepl.testing.FaultPlan;
import io.couchrepl.testing.FaultProxy;
import io.couchrepl.testing.ForwardingProxy;
import io.couchrepl.testing.ServerKind;
import io.couchrepl.testing.StoredAttachments;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Attachments replicated from a real server into the in-memory store: bodies arrive byte-identical
 * (checked by digest for every leaf), unchanged ones are not downloaded again, corrupted ones are
 * refused with their revision.
 */
class AttachmentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestDb db;
    private MemoryStore store;

    @BeforeEach
    void createDatabase() {
        db = TestServer.shared().createDb("attachments");
        store = new MemoryStore();
    }

    @AfterEach
    void dropDatabase() {
        db.drop();
    }

    private ReplicationStatus pull(String url) throws Exception {
        try (RemoteDatabase source = RemoteDatabase.open(url)) {
            ReplicationStatus status = Replicator.create(source, store, ReplicationOptions.defaults()).run();
            assertThat(status.error()).isEmpty();
            assertThat(status.state()).isEqualTo(ReplicationState.COMPLETED);
            return status;
        }
    }

    private ReplicationStatus pull() throws Exception {
        return pull(db.url());
    }

    /** Every leaf as the server has it, stubs included, and every attachment body by digest. */
    private void assertStoreHoldsEveryLeafAndAttachmentOfTheServer() {
        assertThat(Leaves.ofStore(store.leaves())).containsExactlyElementsOf(Leaves.ofServer(db.leaves()));
        StoredAttachments held = (id, rev, name) -> store.attachment(id, Rev.parse(rev), name)
                .map(a -> new StoredAttachments.Body(a.body().orElseThrow()::open, a.isEncoded()));
        held.assertHoldEveryLeafAttachmentOf(db);
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void textAndBinaryAttachmentsArriveByteIdenticalForEveryLeaf() throws Exception {
        String rev = db.put("letters", "{\"title\":\"several attachments\"}");
        rev = db.putAttachment("letters", rev, "hello.txt", "text/plain",
                "hello attachment, stored gzip-encoded by CouchDB\n".repeat(20).getBytes(StandardCharsets.UTF_8));
        rev = db.putAttachment("letters", rev, "small.bin", "application/octet-stream", randomBytes(32, 1));
        rev = db.putAttachment("letters", rev, "large.bin", "application/octet-stream", randomBytes(300_000, 2));
        db.putAttachment("other", null, "page.html", "text/html",
                "<html><body>caf\u00e9</body></html>".getBytes(StandardCharsets.UTF_8));
        db.put("plain", "{\"v\":1}");

        pull();

        assertStoreHoldsEveryLeafAndAttachmentOfTheServer();
        DocRevision letters = store.winner("letters").orElseThrow();
        assertThat(letters.attachments()).extracting(Attachment::name)
                .containsExactlyInAnyOrder("hello.txt", "small.bin", "large.bin");
        assertThat(store.attachment("letters", letters.rev(), "large.bin").orElseThrow().length()).isEqualTo(300_000);
        assertThat(store.attachmentBodyCount()).isEqualTo(4);
    }

    @Test
    void anUpdateThatKeepsOneAttachmentDownloadsOnlyTheChangedOne() throws Exception {
        assumeThat(db.server().kind())
                .as("PouchDB Server ignores atts_since and always sends every body")
                .isEqualTo(ServerKind.COUCHDB);
        byte[] large = randomBytes(512 * 1024, 3);
        String rev = db.putAttachment("doc", null, "kept.bin", "application/octet-stream", large);
        rev = db.putAttachment("doc", rev, "changed.txt", "text/plain", "first".getBytes(StandardCharsets.UTF_8));
        try (ForwardingProxy proxy = ForwardingProxy.in(db.server())) {
            pull(proxy.urlOf(db));
            assertThat(fetchedBytes(proxy)).as("the first pull downloads the large body").isGreaterThan(large.length);

            db.putAttachment("doc", rev, "changed.txt", "text/plain", "second".getBytes(StandardCharsets.UTF_8));
            int before = proxy.responses().size();
            ReplicationStatus second = pull(proxy.urlOf(db));

            assertThat(second.stats().docsWritten()).isEqualTo(1);
            List<ForwardingProxy.Response> secondFetches = proxy.responses().subList(before, proxy.responses().size())
                    .stream().filter(AttachmentsTest::isFetch).toList();
            assertThat(secondFetches).isNotEmpty();
            assertThat(secondFetches.stream().mapToLong(ForwardingProxy.Response::bodyBytes).sum())
                    .as("the kept attachment is not downloaded again").isLessThan(10_000);
            assertThat(secondFetches.get(0).request().bodyText()).contains("\"atts_since\"");
        }
        assertStoreHoldsEveryLeafAndAttachmentOfTheServer();
        assertThat(store.winner("doc").orElseThrow().attachments()).extracting(Attachment::name)
                .containsExactlyInAnyOrder("kept.bin", "changed.txt");
    }

    @Test
    void onlyDocumentsWithAttachmentsAreAskedAgainForTheirBodies() throws Exception {
        for (int i = 0; i < 5; i++) {
            db.put("plain-" + i, "{\"n\":" + i + "}");
        }
        db.putAttachment("with-file", null, "a.bin", "application/octet-stream", randomBytes(2_000, 4));
        try (ForwardingProxy proxy = ForwardingProxy.in(db.server())) {
            pull(proxy.urlOf(db));

            List<ForwardingProxy.Request> bulkGets = proxy.requests().stream()
                    .filter(r -> r.pathAndQuery().contains("/_bulk_get")).toList();
            assertThat(bulkGets).hasSize(2);
            // The page as JSON with stubs (cheaper for the server), then the one document with a body again.
            assertThat(bulkGets.get(0).pathAndQuery()).doesNotContain("attachments=true");
            assertThat(bulkGets.get(0).bodyText()).contains("plain-0", "with-file");
            assertThat(bulkGets.get(1).pathAndQuery()).contains("attachments=true");
            assertThat(bulkGets.get(1).bodyText()).contains("with-file").doesNotContain("plain-");
        }
        assertStoreHoldsEveryLeafAndAttachmentOfTheServer();
    }

    private static boolean isFetch(ForwardingProxy.Response response) {
        return isFetch(response.request());
    }

    private static boolean isFetch(ForwardingProxy.Request request) {
        return request.pathAndQuery().contains("/_bulk_get") || request.pathAndQuery().contains("open_revs=");
    }

    private static long fetchedBytes(ForwardingProxy proxy) {
        return proxy.responses().stream().filter(AttachmentsTest::isFetch)
                .mapToLong(ForwardingProxy.Response::bodyBytes).sum();
    }

    @Test
    void anAttachmentRemovedInALaterRevisionIsGoneFromTheNewLeaf() throws Exception {
        String rev = db.putAttachment("doc", null, "stays.txt", "text/plain", "stays".getBytes(StandardCharsets.UTF_8));
        rev = db.putAttachment("doc", rev, "goes.bin", "application/octet-stream", randomBytes(100, 4));
        pull();
        String withBoth = rev;

        ObjectNode doc = (ObjectNode) JSON.readTree(db.get("/doc").body());
        ((ObjectNode) doc.get("_attachments")).remove("goes.bin");
        String withOne = db.put("doc", JSON.writeValueAsString(doc));
        pull();

        assertStoreHoldsEveryLeafAndAttachmentOfTheServer();
        assertThat(store.winner("doc").orElseThrow().rev()).isEqualTo(Rev.parse(withOne));
        assertThat(store.attachment("doc", Rev.parse(withOne), "goes.bin")).isEmpty();
        assertThat(store.attachment("doc", Rev.parse(withOne), "stays.txt")).isPresent();
        assertThat(store.attachment("doc", Rev.parse(withBoth), "goes.bin"))
                .as("the earlier revision is no longer a leaf: its body goes, as after CouchDB's compaction").isEmpty();
        assertThat(store.attachmentBodyCount()).as("only the body a leaf still names").isEqualTo(1);
    }

    @Test
    void conflictingRevisionsKeepTheirOwnAttachments() throws Exception {
        String left = Base64.getEncoder().encodeToString("the left branch's note".getBytes(StandardCharsets.UTF_8));
        String right = Base64.getEncoder().encodeToString(randomBytes(2000, 5));
        db.bulkDocs("[{\"_id\":\"c\",\"_rev\":\"2-aaaa\",\"_revisions\":{\"start\":2,\"ids\":[\"aaaa\",\"root\"]},"
                + "\"side\":\"left\",\"_attachments\":{\"note\":{\"content_type\":\"text/plain\",\"revpos\":2,\"data\":\""
                + left + "\"}}},"
                + "{\"_id\":\"c\",\"_rev\":\"2-bbbb\",\"_revisions\":{\"start\":2,\"ids\":[\"bbbb\",\"root\"]},"
                + "\"side\":\"right\",\"_attachments\":{\"note\":{\"content_type\":\"application/octet-stream\","
                + "\"revpos\":2,\"data\":\"" + right + "\"},\"extra\":{\"content_type\":\"text/plain\",\"revpos\":2,"
                + "\"data\":\"" + left + "\"}}}]", false);

        pull();

        assertStoreHoldsEveryLeafAndAttachmentOfTheServer();
        Attachment leftNote = store.attachment("c", Rev.parse("2-aaaa"), "note").orElseThrow();
        Attachment rightNote = store.attachment("c", Rev.parse("2-bbbb"), "note").orElseThrow();
        assertThat(leftNote.digest()).isNotEqualTo(rightNote.digest());
        assertThat(store.revision("c", Rev.parse("2-aaaa")).orElseThrow().attachments()).hasSize(1);
        assertThat(store.revision("c", Rev.parse("2-bbbb")).orElseThrow().attachments()).hasSize(2);
    }

    @Test
    void theSameFileAttachedToManyDocumentsIsKeptOnce() throws Exception {
        byte[] logo = randomBytes(50_000, 6);
        for (int i = 0; i < 5; i++) {
            db.putAttachment("doc" + i, null, "logo.png", "image/png", logo);
        }

        pull();

        assertStoreHoldsEveryLeafAndAttachmentOfTheServer();
        assertThat(store.leaves()).hasSize(5);
        assertThat(store.attachmentBodyCount()).isEqualTo(1);
    }

    @Test
    void aCorruptedAttachmentIsRefusedAndNothingOfItsRevisionIsWritten() throws Exception {
        byte[] original = "this body will be corrupted on its way!".getBytes(StandardCharsets.US_ASCII);
        byte[] corrupted = "THIS BODY WILL BE CORRUPTED ON ITS WAY!".getBytes(StandardCharsets.US_ASCII);
        db.putAttachment("bad", null, "victim.bin", "application/octet-stream", original);
        db.putAttachment("good", null, "fine.bin", "application/octet-stream", randomBytes(64, 7));
        try (ForwardingProxy proxy = ForwardingProxy.in(db.server())
                // CouchDB sends the bytes as a binary part, PouchDB Server as base64: corrupt both forms.
                .rewriteBytes(request -> isFetch(request)
                                ? Optional.of(ForwardingProxy.Answer.json(200, "")) : Optional.empty(),
                        body -> replace(replace(body, original, corrupted), base64(original), base64(corrupted)))) {

            ReplicationStatus status = pull(proxy.urlOf(db));

            assertThat(status.stats().docWriteFailures()).isEqualTo(1);
            assertThat(status.stats().docsWritten()).isEqualTo(1);
        }
        assertThat(store.winner("bad")).isEmpty();
        assertThat(store.winner("good")).isPresent();
        assertThat(store.attachmentBodyCount()).isEqualTo(1);
    }

    private static byte[] base64(byte[] bytes) {
        return Base64.getEncoder().encode(bytes);
    }

    private static byte[] replace(byte[] body, byte[] from, byte[] to) {
        byte[] out = body.clone();
        for (int i = 0; i + from.length <= out.length; i++) {
            if (Arrays.equals(out, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, out, i, to.length);
            }
        }
        return out;
    }

    @Test
    void aServerWithoutBulkGetSendsAttachmentsPerDocument() throws Exception {
        String rev = db.putAttachment("doc", null, "a.txt", "text/plain", "first text".getBytes(StandardCharsets.UTF_8));
        db.putAttachment("doc", rev, "b.bin", "application/octet-stream", randomBytes(40_000, 8));
        pullFromAServerWithoutBulkGet();
        assertStoreHoldsEveryLeafAndAttachmentOfTheServer();
    }

    @Test
    void aPushFromTheStoreAndAReplicationBetweenServersCarryTheBodies() throws Exception {
        String rev = db.putAttachment("doc", null, "note.txt", "text/plain",
                "a text CouchDB keeps gzipped\n".repeat(50).getBytes(StandardCharsets.UTF_8));
        db.putAttachment("doc", rev, "blob.bin", "application/octet-stream", randomBytes(70_000, 9));
        db.put("plain", "{\"v\":1}");
        pull();

        assertAPushAndAReplicationBetweenServersCarryEverything("attachments");
    }

    /** The store pushed into a new database and the source replicated into another: both end as the source. */
    private void assertAPushAndAReplicationBetweenServersCarryEverything(String prefix) throws Exception {
        TestDb pushed = db.server().createDb(prefix + "-pushed");
        TestDb copied = db.server().createDb(prefix + "-copied");
        try (RemoteDatabase to = RemoteDatabase.open(pushed.url());
                RemoteDatabase from = RemoteDatabase.open(db.url());
                RemoteDatabase other = RemoteDatabase.open(copied.url())) {
            assertThat(Replicator.create(store, to, ReplicationOptions.defaults()).run().stats().docWriteFailures())
                    .isZero();
            assertThat(Replicator.create(from, other, ReplicationOptions.defaults()).run().stats().docWriteFailures())
                    .isZero();

            for (TestDb target : List.of(pushed, copied)) {
                assertThat(withoutRevposOnPouchDb(target.leaves())).as("leaves of %s, digests included", target)
                        .containsExactlyElementsOf(withoutRevposOnPouchDb(db.leaves()));
                assertSameContent(db, target);
            }
        } finally {
            pushed.drop();
            copied.drop();
        }
    }

    /** A pull through a proxy that answers {@code _bulk_get} as a server without it does: {@code open_revs} serves. */
    private void pullFromAServerWithoutBulkGet() throws Exception {
        try (ForwardingProxy proxy = ForwardingProxy.in(db.server())
                .answer(ForwardingProxy.pathEndsWith("/_bulk_get",
                        ForwardingProxy.Answer.json(404, "{\"error\":\"not_found\",\"reason\":\"missing\"}")))) {
            pull(proxy.urlOf(db));
            assertThat(proxy.requests()).anyMatch(r -> r.pathAndQuery().contains("open_revs="));
        }
    }

    /** Names CouchDB writes raw into multipart part headers: accents, CJK, emoji, spaces, quotes, %. */
    private static final List<String> ODD_NAMES = List.of("notes \u00e9.txt", "\u65e5\u672c\u8a9e \u30e1\u30e2.txt",
            "smile \ud83d\ude00.bin", "say \"hi\".txt", "back\\slash; semi.txt", "100% done.txt", "plain.txt");

    private void putAttachmentsWithOddNames() {
        String rev = null;
        for (int i = 0; i < ODD_NAMES.size(); i++) {
            // Text is kept gzipped by CouchDB, binary as is: both kinds of part carry the name.
            String type = ODD_NAMES.get(i).endsWith(".bin") ? "application/octet-stream" : "text/plain";
            rev = db.putAttachment("odd-names", rev, ODD_NAMES.get(i), type, randomBytes(2_000 + i, 20 + i));
        }
        db.putAttachment("odd-one", null, "\u00e9t\u00e9 \"%\".txt", "text/plain",
                "caf\u00e9 ".repeat(30).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void attachmentNamesOutsideAsciiArriveThroughBulkGetAndOpenRevs() throws Exception {
        putAttachmentsWithOddNames();

        pull();

        assertStoreHoldsEveryLeafAndAttachmentOfTheServer();
        assertThat(store.winner("odd-names").orElseThrow().attachments()).extracting(Attachment::name)
                .containsExactlyInAnyOrderElementsOf(ODD_NAMES);

        store = new MemoryStore();
        pullFromAServerWithoutBulkGet();
        assertStoreHoldsEveryLeafAndAttachmentOfTheServer();
    }

    @Test
    void attachmentNamesOutsideAsciiArePushedAndReplicatedWithTheirBodies() throws Exception {
        putAttachmentsWithOddNames();
        pull();

        assertAPushAndAReplicationBetweenServersCarryEverything("odd-names");
    }

    @Test
    void aSecondPushSendsOnlyTheChangedAttachment() throws Exception {
        assumeThat(db.server().kind()).as("PouchDB Server sends no possible_ancestors").isEqualTo(ServerKind.COUCHDB);
        byte[] large = randomBytes(400_000, 10);
        String rev = db.putAttachment("doc", null, "kept.bin", "application/octet-stream", large);
        rev = db.putAttachment("doc", rev, "changed.bin", "application/octet-stream", randomBytes(10, 11));
        pull();
        TestDb pushed = db.server().createDb("attachments-pushed");
        try (ForwardingProxy proxy = ForwardingProxy.in(db.server());
                RemoteDatabase to = RemoteDatabase.open(proxy.urlOf(pushed))) {
            Replicator.create(store, to, ReplicationOptions.defaults()).run();
            db.putAttachment("doc", rev, "changed.bin", "application/octet-stream", randomBytes(10, 12));
            pull();
            int before = proxy.requests().size();

            ReplicationStatus second = Replicator.create(store, to, ReplicationOptions.defaults()).run();

            assertThat(second.stats().docsWritten()).isEqualTo(1);
            long sent = proxy.requests().subList(before, proxy.requests().size()).stream()
                    .filter(r -> r.method().equals("PUT") && r.pathAndQuery().contains("new_edits=false"))
                    .mapToLong(r -> r.body().length).sum();
            assertThat(sent).as("the kept attachment goes as a stub").isBetween(1L, 10_000L);
            assertThat(Leaves.ofServer(pushed.leaves())).containsExactlyElementsOf(Leaves.ofServer(db.leaves()));
            assertSameContent(db, pushed);
        } finally {
            pushed.drop();
        }
    }

    @Test
    void textCouchDbKeepsGzippedReachesPouchDbServerDecoded() throws Exception {
        assumeThat(db.server().kind()).as("gzip-stored attachments come from CouchDB").isEqualTo(ServerKind.COUCHDB);
        byte[] text = "text that CouchDB stores gzip-encoded\n".repeat(40).getBytes(StandardCharsets.UTF_8);
        db.putAttachment("doc", null, "note.txt", "text/plain", text);
        pull();
        assertThat(store.winner("doc").orElseThrow().attachments().get(0).encoding()).isEqualTo("gzip");
        try (TestServer pouch = TestServer.startNew(ServerKind.POUCHDB)) {
            TestDb target = pouch.createDb("attachments-pouch");
            try (RemoteDatabase to = RemoteDatabase.open(target.url())) {
                ReplicationStatus status = Replicator.create(store, to, ReplicationOptions.defaults()).run();

                assertThat(status.stats().docWriteFailures()).isZero();
                String rev = store.winner("doc").orElseThrow().rev().toString();
                assertThat(target.attachment("doc", rev, "note.txt")).isEqualTo(text);
            }
        }
    }

    @Test
    void faultsOnTheWayLeaveEveryBodyIntactAndNoTemporaryFileBehind() throws Exception {
        for (int i = 0; i < 6; i++) {
            String rev = db.putAttachment("doc" + i, null, "big.bin", "application/octet-stream",
                    randomBytes(60_000 + i, 20 + i));
            db.putAttachment("doc" + i, rev, "note.txt", "text/plain", ("note " + i).repeat(100).getBytes(StandardCharsets.UTF_8));
        }
        long spoolsBefore = spoolDirectories();
        ClientOptions patient = ClientOptions.builder()
                .retry(new RetryPolicy(12, Duration.ofMillis(1), Duration.ofMillis(20)))
                .idleTimeout(Duration.ofSeconds(1))
                .build();
        List<Fault> faults = List.of(Fault.truncate(), Fault.reset(), Fault.drop(), Fault.status(503), Fault.stall());
        try (FaultProxy proxy = FaultProxy.in(db.server())
                .plan(FaultPlan.random(7, 0.5, faults, FaultPlan.pathEndsWith("/_bulk_get")));
                RemoteDatabase source = RemoteDatabase.open(CouchUrl.parse(proxy.urlOf(db)), patient)) {
            ReplicationStatus status = Replicator.create(source, store,
                    ReplicationOptions.builder().batchSize(2).build()).run();

            assertThat(status.error()).isEmpty();
            assertThat(proxy.faultCount()).as("faults injected").isPositive();
        }
        assertStoreHoldsEveryLeafAndAttachmentOfTheServer();
        assertThat(spoolDirectories()).as("the source deletes its spool when it closes").isEqualTo(spoolsBefore);
    }

    private static long spoolDirectories() throws IOException {
        try (var entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("couchrepl-spool-")).count();
        }
    }

    /**
     * The leaves as JSON; on PouchDB Server without the attachments' {@code revpos}, which it sets to
     * the generation of the revision a body arrives with, whatever the writer gives (CouchDB keeps it).
     */
    private List<JsonNode> withoutRevposOnPouchDb(List<String> leaves) {
        List<JsonNode> parsed = Leaves.ofServer(leaves);
        if (db.server().kind() == ServerKind.POUCHDB) {
            for (JsonNode leaf : parsed) {
                leaf.path("_attachments").forEach(entry -> ((ObjectNode) entry).remove("revpos"));
            }
        }
        return parsed;
    }

    /** Every attachment of every leaf of {@code to} serves the same content as on {@code from}. */
    private static void assertSameContent(TestDb from, TestDb to) throws IOException {
        for (String leaf : to.leaves()) {
            JsonNode doc = JSON.readTree(leaf);
            String id = doc.get("_id").asText();
            String rev = doc.get("_rev").asText();
            for (var names = doc.path("_attachments").fieldNames(); names.hasNext(); ) {
                String name = names.next();
                assertThat(to.attachment(id, rev, name)).as("%s of %s %s", name, id, rev)
                        .isEqualTo(from.attachment(id, rev, name));
            }
        }
    }
}
