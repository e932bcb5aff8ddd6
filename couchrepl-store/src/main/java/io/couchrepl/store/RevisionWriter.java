package io.couchrepl.store;

import io.couchrepl.attachments.AttachmentIntake;
import io.couchrepl.protocol.DocIds;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import io.couchrepl.spi.WriteResult;
import io.couchrepl.tree.RevTree;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a batch of replicated revisions into the store's tables: loads the trees of the batch's
 * documents, takes in each new revision's attachments ({@link AttachmentWriter}), merges every
 * accepted revision with {@link RevTree}, stems each changed tree to {@code revs_limit}
 * ({@link RevStemmer}), then persists only the nodes each merge added, changed or dropped, the new
 * bodies and their attachment rows, the new winners and a fresh local seq per changed document.
 *
 * <p>Only leaves keep a body: a revision that stops being a leaf loses its body, history and
 * attachment rows, as CouchDB's compaction drops them, and a body no revision names any more is
 * handed to {@link AttachmentCollector}. A revision the tree already knows is not written again. A
 * revision whose attachments are refused is left out and reported.
 *
 * <p>The caller holds the write transaction; a failure anywhere leaves it to roll back.
 */
final class RevisionWriter {

    private final DocTrees trees;
    private final AttachmentWriter attachments;
    private final AttachmentCollector collector;
    private final PreparedStatement currentSeq;
    private final PreparedStatement lastDocKey;
    private final PreparedStatement insertDoc;
    private final PreparedStatement updateDoc;
    private final PreparedStatement insertRev;
    private final PreparedStatement updateRev;
    private final PreparedStatement retireRev;
    private final PreparedStatement deleteRev;
    private final PreparedStatement historyOf;
    private int revsLimit = Schema.DEFAULT_REVS_LIMIT;

    RevisionWriter(Connection connection, DocTrees trees, AttachmentWriter attachments, AttachmentCollector collector)
            throws SQLException {
        this.trees = trees;
        this.attachments = attachments;
        this.collector = collector;
        this.currentSeq = connection.prepareStatement("SELECT coalesce(max(seq), 0) FROM docs");
        this.lastDocKey = connection.prepareStatement("SELECT coalesce(max(doc_key), 0) FROM docs");
        this.insertDoc = connection.prepareStatement(
                "INSERT INTO docs(doc_key, id, winner_rev, winner_deleted, seq) VALUES (?, ?, ?, ?, ?)");
        this.updateDoc = connection.prepareStatement(
                "UPDATE docs SET winner_rev = ?, winner_deleted = ?, seq = ? WHERE doc_key = ?");
        this.insertRev = connection.prepareStatement("""
                INSERT INTO revs(doc_key, rev, parent, deleted, leaf, available, history, body, attachments)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""");
        // A leaf's body arrives at most once: an update without one keeps what is stored.
        this.updateRev = connection.prepareStatement("""
                UPDATE revs SET parent = ?, deleted = ?, leaf = 1, available = 1,
                  history = coalesce(?, history), body = coalesce(?, body), attachments = coalesce(?, attachments)
                WHERE doc_key = ? AND rev = ?""");
        // A retired revision's row is deleted and written again, small, at the end of the table: an
        // UPDATE would leave it where it was, and a page of shrunk rows is never given back.
        this.retireRev = connection.prepareStatement("""
                INSERT INTO revs(doc_key, rev, parent, deleted, leaf, available, history, body, attachments)
                VALUES (?, ?, ?, ?, 0, 0, NULL, NULL, 0)""");
        this.deleteRev = connection.prepareStatement("DELETE FROM revs WHERE doc_key = ? AND rev = ?");
        this.historyOf = connection.prepareStatement("SELECT history FROM revs WHERE doc_key = ? AND rev = ?");
    }

    /** The {@code revs_limit} trees are stemmed to from the next write on. */
    void revsLimit(int limit) {
        this.revsLimit = limit;
    }

    /** One document of the batch: its tree as merged so far and what must reach the tables. */
    private static final class PendingDoc {
        final String id;
        final Long docKey;
        RevTree tree;
        final Map<Rev, RevTree.Node> inserted = new LinkedHashMap<>();
        final Map<Rev, RevTree.Node> updated = new LinkedHashMap<>();
        final Set<Rev> removed = new HashSet<>();
        final Map<Rev, DocRevision> bodies = new HashMap<>();

        PendingDoc(String id, DocTrees.Loaded loaded) {
            this.id = id;
            this.docKey = loaded == null ? null : loaded.docKey();
            this.tree = loaded == null ? new RevTree() : loaded.tree();
        }

        /** Whether the tree (stored, or grown by this batch) knows the revision: CouchDB ignores it then. */
        boolean knows(DocRevision revision) {
            return tree.contains(revision.rev());
        }

        void merge(DocRevision revision) {
            RevTree.Merge merge = tree.merge(revision.path(), revision.deleted());
            for (RevTree.Node node : merge.added()) {
                inserted.put(node.rev(), node);
            }
            // A node added earlier in this batch is still an insert, whatever later merges did to it.
            for (RevTree.Node node : merge.changed()) {
                (inserted.containsKey(node.rev()) ? inserted : updated).put(node.rev(), node);
            }
            bodies.put(revision.rev(), revision);
        }

        void stem(int limit) {
            RevStemmer.stem(tree, limit).ifPresent(stemmed -> {
                tree = stemmed.tree();
                for (Rev rev : stemmed.removed()) {
                    bodies.remove(rev);
                    updated.remove(rev);
                    if (inserted.remove(rev) == null) {
                        removed.add(rev);
                    }
                }
                for (RevTree.Node node : stemmed.rerooted()) {
                    (inserted.containsKey(node.rev()) ? inserted : updated).put(node.rev(), node);
                }
            });
        }

        boolean changed() {
            return !inserted.isEmpty() || !updated.isEmpty() || !removed.isEmpty();
        }

        /**
         * The history to store with a leaf's body: what arrived, cut to {@code limit} revisions, as
         * CouchDB 3.5.0 answers {@code _revisions} of a stemmed tree (even where another branch keeps
         * older ancestors of the leaf; StemmingTest compares).
         */
        String history(DocRevision body, int limit) {
            return JsonStringList.write(cut(body.history(), limit));
        }

        static List<String> cut(List<String> history, int limit) {
            return history.size() <= limit ? history : history.subList(0, limit);
        }
    }

    /** Merges and persists the batch; returns the revisions refused for their attachments. */
    List<WriteResult.Failure> write(List<DocRevision> revisions) throws SQLException, IOException {
        Set<String> ids = new LinkedHashSet<>();
        for (DocRevision revision : revisions) {
            if (DocIds.isLocal(revision.id())) {
                throw new IllegalArgumentException("_local documents are not replicated: " + revision.id());
            }
            ids.add(revision.id());
        }
        Map<String, DocTrees.Loaded> loaded = trees.load(ids);
        Map<String, PendingDoc> pending = new LinkedHashMap<>();
        List<WriteResult.Failure> refused = new ArrayList<>();
        attachments.begin();
        for (DocRevision revision : revisions) {
            PendingDoc doc = pending.computeIfAbsent(revision.id(), id -> new PendingDoc(id, loaded.get(id)));
            if (doc.knows(revision)) {
                continue;
            }
            AttachmentIntake.Outcome outcome = attachments.take(revision);
            if (outcome.accepted()) {
                doc.merge(revision.withAttachments(outcome.stubs()));
            } else {
                refused.add(outcome.refusal().orElseThrow());
            }
        }

        long seq = Rows.number(currentSeq);
        // Keys are handed out here rather than by SQLite so new documents' rows can go in one batch;
        // safe because the caller's IMMEDIATE transaction makes this the only writer.
        long docKey = Rows.number(lastDocKey);
        Map<Long, PendingDoc> changed = new LinkedHashMap<>();
        for (PendingDoc doc : pending.values()) {
            doc.stem(revsLimit);
            if (!doc.changed()) {
                continue;
            }
            seq++;
            long key = doc.docKey != null ? doc.docKey : ++docKey;
            changed.put(key, doc);
            persistDoc(doc, key, seq);
            for (RevTree.Node node : doc.inserted.values()) {
                insertRev(key, node, node.leaf() ? doc.bodies.get(node.rev()) : null, doc);
            }
            for (RevTree.Node node : doc.updated.values()) {
                if (node.leaf()) {
                    updateLeaf(key, node, doc.bodies.get(node.rev()), doc);
                } else {
                    retire(key, node);
                }
            }
            for (Rev rev : doc.removed) {
                collector.dropAttachmentRows(key, rev);
                deleteRev.setLong(1, key);
                deleteRev.setString(2, rev.toString());
                deleteRev.addBatch();
            }
        }
        if (!changed.isEmpty()) {
            insertDoc.executeBatch();
            updateDoc.executeBatch();
            insertRev.executeBatch();
            updateRev.executeBatch();
            deleteRev.executeBatch();
            retireRev.executeBatch();
            attachments.flush();
            for (Map.Entry<Long, PendingDoc> doc : changed.entrySet()) {
                if (!doc.getValue().removed.isEmpty()) {
                    cutLeafHistories(doc.getKey(), doc.getValue());
                }
            }
            // A body taken in for a revision the same batch made a non-leaf is named by no row.
            collector.consider(attachments.takenInBatch());
            collector.releaseUnreferenced();
        }
        return refused;
    }

    /**
     * Stems stored trees to the current {@code revs_limit}, as CouchDB's compactor does, without
     * touching their seq or winner (stemming keeps every leaf). Returns how many revisions went.
     */
    int restem(java.util.Collection<String> ids) throws SQLException {
        Map<Long, PendingDoc> stemmed = new LinkedHashMap<>();
        for (Map.Entry<String, DocTrees.Loaded> stored : trees.load(ids).entrySet()) {
            PendingDoc doc = new PendingDoc(stored.getKey(), stored.getValue());
            doc.stem(revsLimit);
            if (!doc.changed()) {
                continue;
            }
            stemmed.put(doc.docKey, doc);
            for (RevTree.Node node : doc.updated.values()) {
                if (node.leaf()) {
                    updateLeaf(doc.docKey, node, null, doc);
                } else {
                    retire(doc.docKey, node);
                }
            }
            for (Rev rev : doc.removed) {
                collector.dropAttachmentRows(doc.docKey, rev);
                deleteRev.setLong(1, doc.docKey);
                deleteRev.setString(2, rev.toString());
                deleteRev.addBatch();
            }
        }
        updateRev.executeBatch();
        deleteRev.executeBatch();
        retireRev.executeBatch();
        int removed = 0;
        for (Map.Entry<Long, PendingDoc> doc : stemmed.entrySet()) {
            cutLeafHistories(doc.getKey(), doc.getValue());
            removed += doc.getValue().removed.size();
        }
        collector.releaseUnreferenced();
        return removed;
    }

    private void insertRev(long key, RevTree.Node node, DocRevision body, PendingDoc doc) throws SQLException {
        insertRev.setLong(1, key);
        insertRev.setString(2, node.rev().toString());
        setNullable(insertRev, 3, node.parent() == null ? null : node.parent().toString());
        insertRev.setInt(4, node.deleted() ? 1 : 0);
        insertRev.setInt(5, node.leaf() ? 1 : 0);
        insertRev.setInt(6, body != null ? 1 : 0);
        setNullable(insertRev, 7, body == null ? null : doc.history(body, revsLimit));
        setNullable(insertRev, 8, body == null ? null : body.body());
        insertRev.setInt(9, body == null ? 0 : body.attachments().size());
        insertRev.addBatch();
        if (body != null) {
            attachments.addRows(key, body);
        }
    }

    private void updateLeaf(long key, RevTree.Node node, DocRevision body, PendingDoc doc) throws SQLException {
        setNullable(updateRev, 1, node.parent() == null ? null : node.parent().toString());
        updateRev.setInt(2, node.deleted() ? 1 : 0);
        setNullable(updateRev, 3, body == null ? null : doc.history(body, revsLimit));
        setNullable(updateRev, 4, body == null ? null : body.body());
        if (body == null) {
            updateRev.setNull(5, Types.INTEGER);
        } else {
            updateRev.setInt(5, body.attachments().size());
        }
        updateRev.setLong(6, key);
        updateRev.setString(7, node.rev().toString());
        updateRev.addBatch();
        if (body != null) {
            attachments.addRows(key, body);
        }
    }

    /** A revision that stopped being a leaf keeps its place in the tree, not its body. */
    private void retire(long key, RevTree.Node node) throws SQLException {
        collector.dropAttachmentRows(key, node.rev());
        deleteRev.setLong(1, key);
        deleteRev.setString(2, node.rev().toString());
        deleteRev.addBatch();
        retireRev.setLong(1, key);
        retireRev.setString(2, node.rev().toString());
        setNullable(retireRev, 3, node.parent() == null ? null : node.parent().toString());
        retireRev.setInt(4, node.deleted() ? 1 : 0);
        retireRev.addBatch();
    }

    /** Stemming shortened some paths: a stored leaf's history is cut to its path, as CouchDB's _revisions. */
    private void cutLeafHistories(long key, PendingDoc doc) throws SQLException {
        // Prepared here: a kept statement run on its own stays "in progress" in sqlite-jdbc, and VACUUM refuses then.
        try (PreparedStatement setHistory = historyOf.getConnection().prepareStatement(
                "UPDATE revs SET history = ? WHERE doc_key = ? AND rev = ?")) {
            for (RevTree.Node leaf : doc.tree.leaves()) {
                historyOf.setLong(1, key);
                historyOf.setString(2, leaf.rev().toString());
                List<String> history = Rows.first(historyOf, rs -> rs.getString(1)).map(JsonStringList::parse)
                        .orElse(List.of());
                if (history.size() > revsLimit) {
                    setHistory.setString(1, JsonStringList.write(PendingDoc.cut(history, revsLimit)));
                    setHistory.setLong(2, key);
                    setHistory.setString(3, leaf.rev().toString());
                    setHistory.addBatch();
                }
            }
            setHistory.executeBatch();
        }
    }

    private void persistDoc(PendingDoc doc, long key, long seq) throws SQLException {
        RevTree.Node winner = doc.tree.winner().orElseThrow();
        if (doc.docKey != null) {
            updateDoc.setString(1, winner.rev().toString());
            updateDoc.setInt(2, winner.deleted() ? 1 : 0);
            updateDoc.setLong(3, seq);
            updateDoc.setLong(4, key);
            updateDoc.addBatch();
            return;
        }
        insertDoc.setLong(1, key);
        insertDoc.setString(2, doc.id);
        insertDoc.setString(3, winner.rev().toString());
        insertDoc.setInt(4, winner.deleted() ? 1 : 0);
        insertDoc.setLong(5, seq);
        insertDoc.addBatch();
    }

    /** Drops batched statements a failed write left behind, so the next write starts clean. */
    void clearBatches() throws SQLException {
        attachments.clearBatches();
        collector.clearBatches();
        for (PreparedStatement statement : batched()) {
            statement.clearBatch();
        }
    }

    /** {@link #clearBatches()} for a rollback already reporting a failure of its own. */
    void clearBatchesAfterRollback() {
        try {
            clearBatches();
        } catch (SQLException e) {
            // The write's own failure is the one reported; the next write starts with fresh batches anyway.
        }
    }

    private List<PreparedStatement> batched() {
        return List.of(insertDoc, updateDoc, insertRev, updateRev, retireRev, deleteRev);
    }

    private static void setNullable(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    void close() throws SQLException {
        attachments.close();
        for (PreparedStatement statement : batched()) {
            statement.close();
        }
        for (PreparedStatement statement : List.of(currentSeq, lastDocKey, historyOf)) {
            statement.close();
        }
    }
}
