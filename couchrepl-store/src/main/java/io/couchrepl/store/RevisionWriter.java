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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a batch of replicated revisions into the store's tables: loads the trees of the batch's
 * documents, takes in each new revision's attachments ({@link AttachmentWriter}), merges every
 * accepted revision with {@link RevTree}, then persists only the nodes each merge added or changed, the
 * new bodies and their attachment rows, the new winners and a fresh local seq per changed document.
 * A revision whose attachments are refused is left out and reported.
 *
 * <p>The caller holds the write transaction; a failure anywhere leaves it to roll back.
 */
final class RevisionWriter {

    private final DocTrees trees;
    private final AttachmentWriter attachments;
    private final PreparedStatement currentSeq;
    private final PreparedStatement lastDocKey;
    private final PreparedStatement insertDoc;
    private final PreparedStatement updateDoc;
    private final PreparedStatement insertRev;
    private final PreparedStatement updateRev;

    RevisionWriter(Connection connection, DocTrees trees, AttachmentWriter attachments) throws SQLException {
        this.trees = trees;
        this.attachments = attachments;
        this.currentSeq = connection.prepareStatement("SELECT coalesce(max(seq), 0) FROM docs");
        this.lastDocKey = connection.prepareStatement("SELECT coalesce(max(doc_key), 0) FROM docs");
        this.insertDoc = connection.prepareStatement(
                "INSERT INTO docs(doc_key, id, winner_rev, winner_deleted, seq) VALUES (?, ?, ?, ?, ?)");
        this.updateDoc = connection.prepareStatement(
                "UPDATE docs SET winner_rev = ?, winner_deleted = ?, seq = ? WHERE doc_key = ?");
        this.insertRev = connection.prepareStatement("""
                INSERT INTO revs(doc_key, rev, parent, deleted, leaf, available, history, body, attachments)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""");
        // A body arrives at most once per revision: an update without one keeps what is stored.
        this.updateRev = connection.prepareStatement("""
                UPDATE revs SET deleted = ?, leaf = ?, available = ?,
                  history = coalesce(?, history), body = coalesce(?, body), attachments = coalesce(?, attachments)
                WHERE doc_key = ? AND rev = ?""");
    }

    /** One document of the batch: its tree as merged so far and what must reach the tables. */
    private static final class PendingDoc {
        final String id;
        final Long docKey;
        final RevTree tree;
        final Map<Rev, RevTree.Node> inserted = new LinkedHashMap<>();
        final Map<Rev, RevTree.Node> updated = new LinkedHashMap<>();
        final Map<Rev, DocRevision> bodies = new HashMap<>();

        PendingDoc(String id, DocTrees.Loaded loaded) {
            this.id = id;
            this.docKey = loaded == null ? null : loaded.docKey();
            this.tree = loaded == null ? new RevTree() : loaded.tree();
        }

        /** Whether the store (or this batch) already holds the revision's body. */
        boolean holds(DocRevision revision) {
            return tree.node(revision.rev()).filter(RevTree.Node::available).isPresent();
        }

        void merge(DocRevision revision) {
            RevTree.Merge merge = tree.merge(revision.path(), revision.deleted());
            if (merge.alreadyHeld()) {
                return;
            }
            for (RevTree.Node node : merge.added()) {
                inserted.put(node.rev(), node);
            }
            // A node added earlier in this batch is still an insert, whatever later merges did to it.
            for (RevTree.Node node : merge.changed()) {
                (inserted.containsKey(node.rev()) ? inserted : updated).put(node.rev(), node);
            }
            bodies.put(revision.rev(), revision);
        }

        boolean changed() {
            return !inserted.isEmpty() || !updated.isEmpty();
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
            if (doc.holds(revision)) {
                continue;
            }
            AttachmentIntake.Outcome outcome = attachments.take(revision);
            if (outcome.accepted()) {
                doc.merge(revision.withAttachments(outcome.stubs()));
            } else {
                refused.add(outcome.refusal().orElseThrow());
            }
        }

        long seq = single(currentSeq);
        // Keys are handed out here rather than by SQLite so new documents' rows can go in one batch;
        // safe because the caller's IMMEDIATE transaction makes this the only writer.
        long docKey = single(lastDocKey);
        int changedDocs = 0;
        for (PendingDoc doc : pending.values()) {
            if (!doc.changed()) {
                continue;
            }
            changedDocs++;
            seq++;
            long key = doc.docKey != null ? doc.docKey : ++docKey;
            persistDoc(doc, key, seq);
            for (RevTree.Node node : doc.inserted.values()) {
                DocRevision body = doc.bodies.get(node.rev());
                insertRev.setLong(1, key);
                insertRev.setString(2, node.rev().toString());
                setNullable(insertRev, 3, node.parent() == null ? null : node.parent().toString());
                insertRev.setInt(4, node.deleted() ? 1 : 0);
                insertRev.setInt(5, node.leaf() ? 1 : 0);
                insertRev.setInt(6, node.available() ? 1 : 0);
                setNullable(insertRev, 7, body == null ? null : JsonStringList.write(body.history()));
                setNullable(insertRev, 8, body == null ? null : body.body());
                insertRev.setInt(9, body == null ? 0 : body.attachments().size());
                insertRev.addBatch();
                addAttachmentRows(key, body);
            }
            for (RevTree.Node node : doc.updated.values()) {
                DocRevision body = doc.bodies.get(node.rev());
                updateRev.setInt(1, node.deleted() ? 1 : 0);
                updateRev.setInt(2, node.leaf() ? 1 : 0);
                updateRev.setInt(3, node.available() ? 1 : 0);
                setNullable(updateRev, 4, body == null ? null : JsonStringList.write(body.history()));
                setNullable(updateRev, 5, body == null ? null : body.body());
                if (body == null) {
                    updateRev.setNull(6, Types.INTEGER);
                } else {
                    updateRev.setInt(6, body.attachments().size());
                }
                updateRev.setLong(7, key);
                updateRev.setString(8, node.rev().toString());
                updateRev.addBatch();
                addAttachmentRows(key, body);
            }
        }
        if (changedDocs > 0) {
            insertDoc.executeBatch();
            updateDoc.executeBatch();
            insertRev.executeBatch();
            updateRev.executeBatch();
            attachments.flush();
        }
        return refused;
    }

    private void addAttachmentRows(long key, DocRevision body) throws SQLException {
        if (body != null) {
            attachments.addRows(key, body);
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

    private static long single(PreparedStatement query) throws SQLException {
        try (ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Drops batched statements a failed write left behind, so the next write starts clean. */
    void clearBatches() throws SQLException {
        attachments.clearBatches();
        insertDoc.clearBatch();
        updateDoc.clearBatch();
        insertRev.clearBatch();
        updateRev.clearBatch();
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
        currentSeq.close();
        lastDocKey.close();
        insertDoc.close();
        updateDoc.close();
        insertRev.close();
        updateRev.close();
    }
}
