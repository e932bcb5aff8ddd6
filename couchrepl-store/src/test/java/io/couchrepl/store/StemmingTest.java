package io.couchrepl.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.ReplicationOptions;
import io.couchrepl.ReplicationState;
import io.couchrepl.Replicator;
import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stemming at {@code revs_limit} against CouchDB 3.5.0 itself: the same replicated writes leave the
 * store and a database with the same {@code _revs_limit} with the same leaves, the same
 * {@code _revisions} and the same known revisions ({@code _revs_diff}); a pull from, and a push to, a
 * database with a lower {@code _revs_limit} keep what CouchDB's own replicator keeps.
 */
class StemmingTest {

    @TempDir
    Path dir;

    private final List<TestDb> dbs = new ArrayList<>();

    @AfterEach
    void dropDatabases() {
        dbs.forEach(TestDb::drop);
    }

    private TestDb db(String prefix, int revsLimit) {
        TestDb db = TestServer.shared().createDb(prefix);
        dbs.add(db);
        ServerTrees.setRevsLimit(db, revsLimit);
        return db;
    }

    /** One generated revision: its id, rev, full path (newest first) and whether it is a tombstone. */
    private record Node(String id, Rev rev, List<String> path, boolean deleted) {}

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5})
    void stemsEveryTreeAsCouchDbDoesWithTheSameRevsLimit(int limit) throws Exception {
        Random random = new Random(4100 + limit);
        TestDb db = db("stem", limit);
        Map<String, List<Rev>> everyRev = new LinkedHashMap<>();
        List<Node> writes = new ArrayList<>();
        for (int d = 0; d < 12; d++) {
            String id = "doc-" + d;
            List<Node> tree = growTree(id, random);
            everyRev.put(id, tree.stream().map(Node::rev).toList());
            writes.addAll(tree);
        }
        // Each after its parent and with its whole history, documents interleaved, as a feed brings them.
        interleave(writes, random);
        try (SqliteStore store = SqliteStore.open(dir.resolve("stem.db"))) {
            store.setRevsLimit(limit);
            for (int from = 0; from < writes.size(); ) {
                // A batch ends before a second revision of one document: within one _bulk_docs CouchDB's
                // _revisions of a leaf can differ from what the same revisions sent one by one give.
                java.util.Set<String> inBatch = new java.util.HashSet<>();
                int to = from;
                int size = 1 + random.nextInt(15);
                while (to < writes.size() && to - from < size && inBatch.add(writes.get(to).id())) {
                    to++;
                }
                List<DocRevision> batch = new ArrayList<>();
                StringBuilder json = new StringBuilder("[");
                for (Node node : writes.subList(from, to)) {
                    batch.add(new DocRevision(node.id(), node.rev(), node.deleted(), node.path(), "{\"n\":1}"));
                    json.append(json.length() > 1 ? "," : "").append(couchJson(node, node.path()));
                }
                db.bulkDocs(json.append(']').toString(), false);
                store.writeDocs(batch);
                from = to;
                assertThat(ServerTrees.leavesOf(store)).as("leaves after a batch, revs_limit %d", limit)
                        .isEqualTo(ServerTrees.leavesOf(db));
            }
            // Every revision CouchDB stemmed away, the store did too. In forked trees CouchDB 3.5.0
            // sometimes keeps an inner revision that is more than revs_limit above every leaf, which
            // the store drops: a later replication then re-sends nothing (the leaves are the same).
            Map<String, java.util.TreeSet<String>> stemmedByStore = ServerTrees.missingIn(store, everyRev);
            Map<String, java.util.TreeSet<String>> stemmedByCouchDb = ServerTrees.missingOn(db, everyRev);
            assertThat(stemmedByCouchDb).isNotEmpty();
            stemmedByCouchDb.forEach((id, revs) -> assertThat(stemmedByStore.get(id)).as(id).containsAll(revs));
        }
    }

    @Test
    void aPullFromAServerWithALowerRevsLimitKeepsWhatCouchDbsReplicatorKeeps() throws Exception {
        TestDb source = db("stem-source", 4);
        TestDb reference = db("stem-reference", 4);
        Map<String, String> revs = new LinkedHashMap<>();
        Map<String, List<Rev>> everyRev = new LinkedHashMap<>();
        try (SqliteStore store = SqliteStore.open(dir.resolve("pulled.db"))) {
            store.setRevsLimit(4);
            for (int round = 0; round < 5; round++) {
                // Between two pulls, more updates than the limit: the pull meets a path it cannot join.
                for (int update = 0; update < 2 + round; update++) {
                    for (int d = 0; d < 5; d++) {
                        String id = "doc-" + d;
                        String rev = revs.get(id);
                        String newRev = source.put(id, "{" + (rev == null ? "" : "\"_rev\":\"" + rev + "\",")
                                + "\"round\":" + round + ",\"update\":" + update + "}");
                        revs.put(id, newRev);
                        everyRev.computeIfAbsent(id, k -> new ArrayList<>()).add(Rev.parse(newRev));
                    }
                }
                pull(source, store);
                ServerTrees.replicateWithCouchDb(source, reference);

                assertThat(ServerTrees.leavesOf(store)).as("leaves after round %d", round)
                        .isEqualTo(ServerTrees.leavesOf(reference));
                assertThat(ServerTrees.missingIn(store, everyRev)).isEqualTo(ServerTrees.missingOn(reference, everyRev));
            }
        }
    }

    @Test
    void aPushToAServerWithALowerRevsLimitLeavesWhatCouchDbsReplicatorLeaves() throws Exception {
        TestDb source = db("push-source", 1000);
        TestDb copy = db("push-copy", 1000);
        TestDb pushed = db("push-pushed", 3);
        TestDb reference = db("push-reference", 3);
        Map<String, List<Rev>> everyRev = new LinkedHashMap<>();
        for (int d = 0; d < 5; d++) {
            String id = "doc-" + d;
            String rev = null;
            for (int update = 0; update < 4 + 2 * d; update++) {
                rev = source.put(id, "{" + (rev == null ? "" : "\"_rev\":\"" + rev + "\",") + "\"n\":" + update + "}");
                everyRev.computeIfAbsent(id, k -> new ArrayList<>()).add(Rev.parse(rev));
            }
        }
        // A conflict whose branches fork deep in the history.
        source.bulkDocs("[{\"_id\":\"doc-4\",\"_rev\":\"13-f00d\",\"_revisions\":{\"start\":13,\"ids\":[\"f00d\",\""
                + everyRev.get("doc-4").get(11).hash() + "\"]}}]", false);
        everyRev.get("doc-4").add(Rev.parse("13-f00d"));
        try (SqliteStore store = SqliteStore.open(dir.resolve("pushed.db"))) {
            pull(source, store);
            ServerTrees.replicateWithCouchDb(source, copy);
            assertThat(ServerTrees.leavesOf(store)).isEqualTo(ServerTrees.leavesOf(copy));

            try (RemoteDatabase target = RemoteDatabase.open(pushed.url())) {
                assertThat(Replicator.create(store, target, ReplicationOptions.defaults()).run().state())
                        .isEqualTo(ReplicationState.COMPLETED);
            }
            ServerTrees.replicateWithCouchDb(copy, reference);

            assertThat(ServerTrees.leavesOf(pushed)).isEqualTo(ServerTrees.leavesOf(reference));
            assertThat(ServerTrees.missingOn(pushed, everyRev)).isEqualTo(ServerTrees.missingOn(reference, everyRev))
                    .isNotEmpty();
        }
    }

    /** Shuffles the writes of different documents among each other, keeping each document's order. */
    private static void interleave(List<Node> writes, Random random) {
        Map<String, java.util.ArrayDeque<Node>> byDoc = new LinkedHashMap<>();
        for (Node node : writes) {
            byDoc.computeIfAbsent(node.id(), k -> new java.util.ArrayDeque<>()).add(node);
        }
        writes.clear();
        List<java.util.ArrayDeque<Node>> queues = new ArrayList<>(byDoc.values());
        while (!queues.isEmpty()) {
            int pick = random.nextInt(queues.size());
            writes.add(queues.get(pick).poll());
            if (queues.get(pick).isEmpty()) {
                queues.remove(pick);
            }
        }
    }

    private static void pull(TestDb source, SqliteStore store) throws Exception {
        try (RemoteDatabase remote = RemoteDatabase.open(source.url())) {
            assertThat(Replicator.create(remote, store, ReplicationOptions.defaults()).run().state())
                    .isEqualTo(ReplicationState.COMPLETED);
        }
    }

    /** A tree of 1 to 14 generations: mostly one line of edits, sometimes a branch, a tombstone now and then. */
    private static List<Node> growTree(String id, Random random) {
        List<Node> nodes = new ArrayList<>();
        nodes.add(new Node(id, new Rev(1, hash(random)), null, false));
        nodes.set(0, new Node(id, nodes.get(0).rev(), List.of(nodes.get(0).rev().hash()), false));
        int size = 1 + random.nextInt(14);
        for (int i = 1; i < size; i++) {
            Node parent = random.nextInt(4) == 0 ? nodes.get(random.nextInt(nodes.size())) : nodes.get(nodes.size() - 1);
            Rev rev = new Rev(parent.rev().pos() + 1, hash(random));
            List<String> path = new ArrayList<>();
            path.add(rev.hash());
            path.addAll(parent.path());
            nodes.add(new Node(id, rev, path, random.nextInt(8) == 0));
        }
        return nodes;
    }

    private static String hash(Random random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String couchJson(Node node, List<String> history) {
        StringBuilder json = new StringBuilder("{\"_id\":\"").append(node.id()).append("\",\"_rev\":\"")
                .append(node.rev()).append('"');
        if (node.deleted()) {
            json.append(",\"_deleted\":true");
        }
        json.append(",\"n\":1,\"_revisions\":{\"start\":").append(node.rev().pos()).append(",\"ids\":[");
        for (int i = 0; i < history.size(); i++) {
            json.append(i == 0 ? "\"" : ",\"").append(history.get(i)).append('"');
        }
        return json.append("]}}").toString();
    }
}
