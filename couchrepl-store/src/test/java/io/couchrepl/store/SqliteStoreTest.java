package io.couchrepl.store;

import static io.couchrepl.store.Revisions.rev;
import static io.couchrepl.store.Revisions.revision;
import static io.couchrepl.store.Revisions.tombstone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.MissingRevs;
import io.couchrepl.protocol.Rev;
import io.couchrepl.protocol.Seq;
import io.couchrepl.spi.Checkpoint;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest {

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

    private static List<String> revsOf(List<DocRevision> revisions) {
        return revisions.stream().map(r -> r.id() + " " + r.rev()).toList();
    }

    @Test
    void keepsOnlyTheNewestRevisionOfAHistoryAsLeaf() throws Exception {
        store.writeDocs(List.of(revision("a", "3-c", "b", "a")));

        assertThat(revsOf(store.leaves())).containsExactly("a 3-c");
        assertThat(store.winner("a")).contains(revision("a", "3-c", "b", "a"));
        assertThat(store.revisionCount()).isEqualTo(1);
        assertThat(store.revision("a", rev("2-b"))).isEmpty();
        assertThat(store.revsDiff(Map.of("a", List.of(rev("1-a"), rev("2-b"), rev("3-c"))))).isEmpty();
    }

    @Test
    void ignoresTheBodyOfAnAncestorItKnowsByIdAsCouchDbDoes() throws Exception {
        store.writeDocs(List.of(revision("a", "3-c", "b", "a")));
        long seq = store.updateSeq();
        store.writeDocs(List.of(revision("a", "2-b", "a")));

        assertThat(revsOf(store.leaves())).containsExactly("a 3-c");
        assertThat(store.revision("a", rev("2-b"))).isEmpty();
        assertThat(store.revisionCount()).isEqualTo(1);
        assertThat(store.updateSeq()).isEqualTo(seq);
    }

    @Test
    void dropsTheBodyOfARevisionThatStopsBeingALeafAsCouchDbCompactionDoes() throws Exception {
        store.writeDocs(List.of(revision("a", "1-a")));
        store.writeDocs(List.of(revision("a", "2-b", "a")));

        assertThat(store.revision("a", rev("1-a"))).isEmpty();
        assertThat(store.revision("a", rev("2-b"))).contains(revision("a", "2-b", "a"));
        assertThat(store.revisionCount()).isEqualTo(1);
        assertThat(store.revsDiff(Map.of("a", List.of(rev("1-a"), rev("2-b"))))).as("the tree keeps its ids").isEmpty();
    }

    @Test
    void keepsBothLeavesOfAConflict() throws Exception {
        store.writeDocs(List.of(revision("a", "2-x", "a"), revision("a", "2-y", "a")));

        assertThat(revsOf(store.leaves())).containsExactly("a 2-x", "a 2-y");
        assertThat(store.winner("a").orElseThrow().rev()).isEqualTo(rev("2-y"));
    }

    @Test
    void picksTheHigherHashAtTheSameGenerationWhicheverArrivesFirst() throws Exception {
        store.writeDocs(List.of(revision("a", "2-y", "a")));
        store.writeDocs(List.of(revision("a", "2-x", "a")));

        assertThat(store.winner("a").orElseThrow().rev()).isEqualTo(rev("2-y"));
    }

    @Test
    void picksNonDeletedLeafAsWinner() throws Exception {
        store.writeDocs(List.of(
                revision("a", "2-b", "a"),
                tombstone("a", "4-z", "y", "x", "a")));

        assertThat(store.winner("a").orElseThrow().rev()).isEqualTo(rev("2-b"));
        assertThat(store.winner("a").orElseThrow().deleted()).isFalse();
        assertThat(revsOf(store.leaves())).containsExactly("a 2-b", "a 4-z");
        assertThat(store.docCount()).isEqualTo(1);
        assertThat(store.deletedDocCount()).isZero();
    }

    @Test
    void picksTheHighestTombstoneWhenEveryLeafIsDeleted() throws Exception {
        store.writeDocs(List.of(tombstone("a", "2-b", "a"), tombstone("a", "3-c", "x", "a")));

        assertThat(store.winner("a").orElseThrow().rev()).isEqualTo(rev("3-c"));
        assertThat(store.docCount()).isZero();
        assertThat(store.deletedDocCount()).isEqualTo(1);
    }

    @Test
    void extendsATombstoneWhenADocumentIsRecreated() throws Exception {
        store.writeDocs(List.of(revision("a", "1-a")));
        store.writeDocs(List.of(tombstone("a", "2-b", "a")));
        assertThat(store.winner("a").orElseThrow().deleted()).isTrue();
        assertThat(store.leaves()).containsExactly(tombstone("a", "2-b", "a"));

        store.writeDocs(List.of(revision("a", "3-c", "b", "a")));

        assertThat(store.leaves()).containsExactly(revision("a", "3-c", "b", "a"));
        assertThat(store.winner("a")).contains(revision("a", "3-c", "b", "a"));
        assertThat(store.revision("a", rev("2-b"))).as("no longer a leaf").isEmpty();
        assertThat(store.revisionCount()).isEqualTo(1);
    }

    @Test
    void changesNothingWhenTheSameBatchIsWrittenTwice() throws Exception {
        List<DocRevision> batch = List.of(
                revision("a", "3-c", "b", "a"),
                revision("a", "2-x", "a"),
                tombstone("b", "2-d", "c"),
                revision("c", "1-e"));
        store.writeDocs(batch);
        long seq = store.updateSeq();
        long seqOfA = store.seqOf("a").orElseThrow();
        int revisions = store.revisionCount();
        List<DocRevision> leaves = store.leaves();

        store.writeDocs(batch);
        store.writeDocs(List.of(batch.get(1)));

        assertThat(store.updateSeq()).isEqualTo(seq);
        assertThat(store.seqOf("a")).hasValue(seqOfA);
        assertThat(store.revisionCount()).isEqualTo(revisions);
        assertThat(store.leaves()).isEqualTo(leaves);
    }

    @Test
    void givesEachChangedDocumentANewSeq() throws Exception {
        store.writeDocs(List.of(revision("a", "1-a"), revision("b", "1-b")));
        assertThat(store.updateSeq()).isEqualTo(2);
        assertThat(store.seqOf("a")).hasValue(1);
        assertThat(store.seqOf("b")).hasValue(2);

        store.writeDocs(List.of(revision("a", "2-a", "a"), revision("a", "3-a", "a", "a")));

        assertThat(store.updateSeq()).isEqualTo(3);
        assertThat(store.seqOf("a")).hasValue(3);
        assertThat(store.seqOf("b")).hasValue(2);
        assertThat(store.seqOf("c")).isEmpty();
    }

    @Test
    void reportsEveryAskedRevisionOfAnUnknownDocumentMissingAndSorted() throws Exception {
        Map<String, MissingRevs> diff = store.revsDiff(Map.of("new", List.of(rev("2-b"), rev("1-a"), rev("10-a"))));

        assertThat(diff).containsOnlyKeys("new");
        assertThat(diff.get("new").missing()).containsExactly(rev("1-a"), rev("2-b"), rev("10-a"));
        assertThat(diff.get("new").possibleAncestors()).isEmpty();
    }

    @Test
    void reportsUnknownRevisionsWithLowerLeavesAsPossibleAncestors() throws Exception {
        store.writeDocs(List.of(
                revision("a", "2-b", "a"),
                revision("a", "3-x", "w", "a"),
                revision("b", "1-a")));

        Map<String, List<Rev>> asked = new LinkedHashMap<>();
        asked.put("a", List.of(rev("4-z"), rev("2-b"), rev("1-a"), rev("3-y")));
        asked.put("b", List.of(rev("1-a")));
        asked.put("c", List.of(rev("1-q")));
        Map<String, MissingRevs> diff = store.revsDiff(asked);

        assertThat(diff).containsOnlyKeys("a", "c");
        assertThat(diff.get("a")).isEqualTo(new MissingRevs("a", List.of(rev("3-y"), rev("4-z")),
                List.of(rev("2-b"), rev("3-x"))));
        assertThat(diff.get("c").missing()).containsExactly(rev("1-q"));
    }

    @Test
    void answersRevsDiffForABatchOfFiveHundredDocuments() throws Exception {
        List<DocRevision> batch = new ArrayList<>();
        Map<String, List<Rev>> asked = new LinkedHashMap<>();
        for (int i = 0; i < 500; i++) {
            String id = "doc-" + i;
            if (i % 2 == 0) {
                batch.add(revision(id, "2-b", "a"));
            }
            asked.put(id, List.of(rev("1-a"), rev("2-b")));
        }
        store.writeDocs(batch);

        Map<String, MissingRevs> diff = store.revsDiff(asked);

        assertThat(diff).hasSize(250);
        assertThat(diff.keySet()).allMatch(id -> Integer.parseInt(id.substring(4)) % 2 == 1);
    }

    @Test
    void returnsCheckpointSeqsVerbatim() throws Exception {
        store.writeCheckpoint(new Checkpoint("r1", "s1", new Seq("\"12-g1AAAA\"")));
        store.writeCheckpoint(new Checkpoint("r2", "s1", new Seq("42")));
        store.writeCheckpoint(new Checkpoint("r3", "s1", new Seq("[1,\"x\"]")));

        assertThat(store.readCheckpoint("r1")).contains(new Checkpoint("r1", "s1", new Seq("\"12-g1AAAA\"")));
        assertThat(store.readCheckpoint("r2")).contains(new Checkpoint("r2", "s1", new Seq("42")));
        assertThat(store.readCheckpoint("r3").orElseThrow().lastSeq().json()).isEqualTo("[1,\"x\"]");
        assertThat(store.readCheckpoint("other")).isEmpty();
    }

    @Test
    void keepsTheCheckpointAsTheReplicationLogLocalDocument() throws Exception {
        store.writeCheckpoint(new Checkpoint("r9", "s1", new Seq("\"7-g1AA\"")));

        String log = store.getLocal("_local/r9").orElseThrow();
        assertThat(log).contains("\"session_id\":\"s1\"").contains("\"source_last_seq\":\"7-g1AA\"");
    }

    @Test
    void replacesTheCheckpointOfAReplication() throws Exception {
        store.writeCheckpoint(new Checkpoint("r", "s1", new Seq("1")));
        store.writeDocsAndCheckpoint(List.of(revision("a", "1-a")), new Checkpoint("r", "s2", new Seq("2")));

        assertThat(store.readCheckpoint("r")).contains(new Checkpoint("r", "s2", new Seq("2")));
    }

    @Test
    void rejectsALocalDocumentAndWritesNothingOfItsBatch() throws Exception {
        store.writeCheckpoint(new Checkpoint("r", "s", new Seq("1")));
        List<DocRevision> batch = List.of(revision("a", "1-a"), revision("_local/x", "1-a"), revision("b", "1-b"));

        assertThatThrownBy(() -> store.writeDocsAndCheckpoint(batch, new Checkpoint("r", "s", new Seq("2"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("_local documents are not replicated: _local/x");

        assertThat(store.leaves()).isEmpty();
        assertThat(store.updateSeq()).isZero();
        assertThat(store.readCheckpoint("r").orElseThrow().lastSeq()).isEqualTo(new Seq("1"));
    }

    @Test
    void rollsBackTheDocumentsWhenTheCheckpointWriteFails() throws Exception {
        store.writeDocsAndCheckpoint(List.of(revision("a", "1-a")), new Checkpoint("r", "s", new Seq("1")));
        // A trigger makes the replication log (_local/r), written after the documents, fail inside the transaction.
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = sql.createStatement()) {
            s.execute("CREATE TRIGGER refuse BEFORE UPDATE ON local_docs BEGIN SELECT RAISE(ABORT, 'refused'); END");
        }

        assertThatThrownBy(() -> store.writeDocsAndCheckpoint(
                        List.of(revision("a", "2-a", "a"), revision("b", "1-b")),
                        new Checkpoint("r", "s", new Seq("2"))))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("refused");

        assertThat(store.leaves()).containsExactly(revision("a", "1-a"));
        assertThat(store.readCheckpoint("r").orElseThrow().lastSeq()).isEqualTo(new Seq("1"));
        assertThat(store.updateSeq()).isEqualTo(1);
        // The store is still usable after the rollback.
        store.writeDocs(List.of(revision("b", "1-b")));
        assertThat(revsOf(store.leaves())).containsExactly("a 1-a", "b 1-b");
    }

    @Test
    void keepsLeavesWinnerCheckpointAndIdentityAcrossReopening() throws Exception {
        store.writeDocsAndCheckpoint(
                List.of(revision("a", "2-x", "a"), revision("a", "2-y", "a"), tombstone("b", "1-b")),
                new Checkpoint("r", "s", new Seq("\"7-g1AAAA\"")));
        List<DocRevision> leaves = store.leaves();
        String identity = store.identity();
        store.close();
        store.close();

        store = SqliteStore.open(file);

        assertThat(store.identity()).isEqualTo(identity).startsWith("couchrepl-store:");
        assertThat(store.leaves()).isEqualTo(leaves);
        assertThat(store.winner("a").orElseThrow().rev()).isEqualTo(rev("2-y"));
        assertThat(store.readCheckpoint("r")).contains(new Checkpoint("r", "s", new Seq("\"7-g1AAAA\"")));
        assertThat(store.updateSeq()).isEqualTo(2);
    }

    @Test
    void givesEachStoreItsOwnIdentity() throws Exception {
        try (SqliteStore other = SqliteStore.open(dir.resolve("other.db"))) {
            assertThat(other.identity()).isNotEqualTo(store.identity());
        }
    }

    @Test
    void sortsLeavesByCodePointOfIdThenRev() throws Exception {
        // UTF-16 order would put U+1F600 (a surrogate pair) before U+E000 and U+FF5E; code-point order after.
        List<String> ids = List.of("b", "a", "\uFF5E", "\uE000", "\uD83D\uDE00", "A", "\u00E9", "a\uD83D\uDE00", "aa");
        List<DocRevision> batch = new ArrayList<>();
        for (String id : ids) {
            batch.add(revision(id, "1-a"));
        }
        batch.add(revision("a", "10-b", "x", "y", "z", "w", "v", "u", "t", "s", "a"));
        batch.add(revision("a", "9-c", "x", "y", "z", "w", "v", "u", "t", "a"));
        store.writeDocs(batch);

        assertThat(revsOf(store.leaves())).containsExactly(
                "A 1-a", "a 10-b", "a 9-c", "aa 1-a", "a\uD83D\uDE00 1-a", "b 1-a",
                "\u00E9 1-a", "\uE000 1-a", "\uFF5E 1-a", "\uD83D\uDE00 1-a");
    }

    @Test
    void keepsALargeBodyByteIdentical() throws Exception {
        Random random = new Random(7);
        StringBuilder text = new StringBuilder("{\"n\":1.10000000000000000001,\"s\":\"");
        while (text.length() < 200_000) {
            int cp = random.nextInt(5) == 0 ? 0x1F300 + random.nextInt(200) : 0x20 + random.nextInt(0x5E);
            if (cp != '"' && cp != '\\') {
                text.appendCodePoint(cp);
            }
        }
        String body = text.append("\" ,  \"x\" : [ ] }").toString();
        DocRevision big = new DocRevision("big", rev("1-a"), false, List.of("a"), body);

        store.writeDocs(List.of(big));
        store.close();
        store = SqliteStore.open(file);

        assertThat(store.winner("big").orElseThrow().body()).isEqualTo(body);
        assertThat(store.leaves().get(0).toCouchJson()).isEqualTo(big.toCouchJson());
    }

    @Test
    void keepsHashesWithAnyCharacterInTheHistory() throws Exception {
        DocRevision odd = new DocRevision("odd", rev("3-c\"q"), false, List.of("c\"q", "b\\\n", "a,\u0001"), "{}");

        store.writeDocs(List.of(odd));

        assertThat(store.leaves()).containsExactly(odd);
    }

    @Test
    void storesLocalDocumentsApartFromReplicatedOnes() throws Exception {
        assertThat(store.getLocal("_local/x")).isEmpty();

        store.putLocal("_local/x", "{\"a\":1}");
        store.putLocal("_local/x", "{\"a\":2}");

        assertThat(store.getLocal("_local/x")).contains("{\"a\":2}");
        assertThat(store.leaves()).isEmpty();
        assertThat(store.deleteLocal("_local/x")).isTrue();
        assertThat(store.deleteLocal("_local/x")).isFalse();
        assertThat(store.getLocal("_local/x")).isEmpty();
        assertThatThrownBy(() -> store.putLocal("x", "{}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a _local document id: x");
    }

    @Test
    void failsWithTheFileNameOnceClosed() throws Exception {
        store.close();

        assertThatThrownBy(() -> store.leaves())
                .isInstanceOf(java.io.IOException.class)
                .hasMessage(file + ": store is closed");
    }
}
