package io.couchrepl.store;

import io.couchrepl.protocol.Attachment;
import io.couchrepl.protocol.AttachmentBody;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import io.couchrepl.tree.RevTree;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The store's reads of replicated documents: winners, given revisions, every leaf in order, one
 * attachment with its bytes, a document's tree and seq. Only leaves have bodies. The caller holds
 * the store's lock and turns {@link SQLException}s into the store's failures.
 */
final class StoreReads {

    private static final String REVISION_COLUMNS = "d.id, r.rev, r.deleted, r.history, r.body, r.doc_key, r.attachments";
    private static final String ATTACHMENT_COLUMNS =
            "a.name, a.content_type, a.revpos, a.digest, a.length, b.encoding, b.stored_length";

    private final DocTrees trees;
    private final AttachmentFiles files;
    private final PreparedStatement winner;
    private final PreparedStatement revision;
    private final PreparedStatement leaves;
    private final PreparedStatement docSeq;
    private final PreparedStatement attachmentsOf;
    private final PreparedStatement attachment;

    StoreReads(Connection connection, DocTrees trees, AttachmentFiles files) throws SQLException {
        this.trees = trees;
        this.files = files;
        this.winner = connection.prepareStatement("SELECT " + REVISION_COLUMNS
                + " FROM docs d JOIN revs r ON r.doc_key = d.doc_key AND r.rev = d.winner_rev WHERE d.id = ?");
        this.revision = connection.prepareStatement("SELECT " + REVISION_COLUMNS
                + " FROM docs d JOIN revs r ON r.doc_key = d.doc_key"
                + " WHERE d.id = ? AND r.rev = ? AND r.available = 1");
        // CROSS JOIN walks docs in id order and each document's leaves in rev order from revs_leaves, so
        // SQLite streams rows without sorting the whole store first (a plain JOIN sorts). BINARY collation
        // of UTF-8 text is code-point order, the order DocIds::compareCodePoints gives.
        this.leaves = connection.prepareStatement("SELECT " + REVISION_COLUMNS
                + " FROM docs d CROSS JOIN revs r ON r.doc_key = d.doc_key AND r.leaf = 1 ORDER BY d.id, r.rev");
        this.docSeq = connection.prepareStatement("SELECT seq FROM docs WHERE id = ?");
        this.attachmentsOf = connection.prepareStatement("SELECT " + ATTACHMENT_COLUMNS
                + " FROM attachments a JOIN attachment_bodies b ON b.digest = a.digest"
                + " WHERE a.doc_key = ? AND a.rev = ? ORDER BY a.position");
        this.attachment = connection.prepareStatement("SELECT " + ATTACHMENT_COLUMNS
                + " FROM docs d JOIN attachments a ON a.doc_key = d.doc_key JOIN attachment_bodies b ON b.digest = a.digest"
                + " WHERE d.id = ? AND a.rev = ? AND a.name = ?");
    }

    void forEachLeaf(Consumer<DocRevision> action) throws SQLException {
        try (ResultSet rs = leaves.executeQuery()) {
            while (rs.next()) {
                action.accept(revisionAt(rs));
            }
        }
    }

    Optional<DocRevision> winner(String id) throws SQLException {
        winner.setString(1, id);
        return firstRevision(winner);
    }

    Optional<DocRevision> revision(String id, Rev rev) throws SQLException {
        revision.setString(1, id);
        revision.setString(2, rev.toString());
        return firstRevision(revision);
    }

    Optional<Attachment> attachment(String id, Rev rev, String name) throws SQLException {
        attachment.setString(1, id);
        attachment.setString(2, rev.toString());
        attachment.setString(3, name);
        return Rows.first(attachment, StoreReads::attachmentAt).map(stub -> stub.withBody(bodyOf(stub)));
    }

    /** The bytes of an attachment, read from its file when opened. */
    AttachmentBody bodyOf(Attachment stub) {
        return AttachmentBody.ofFile(files.fileOf(stub.digest()), stub.encodedLength());
    }

    OptionalLong seqOf(String id) throws SQLException {
        docSeq.setString(1, id);
        Optional<Long> seq = Rows.first(docSeq, rs -> rs.getLong(1));
        return seq.isPresent() ? OptionalLong.of(seq.get()) : OptionalLong.empty();
    }

    RevTree tree(String id) throws SQLException {
        DocTrees.Loaded loaded = trees.load(List.of(id)).get(id);
        return loaded == null ? new RevTree() : loaded.tree();
    }

    private Optional<DocRevision> firstRevision(PreparedStatement query) throws SQLException {
        return Rows.first(query, this::revisionAt);
    }

    /** The revision at a row of {@link #REVISION_COLUMNS}, with its attachments as stubs. */
    private DocRevision revisionAt(ResultSet rs) throws SQLException {
        String rev = rs.getString(2);
        List<Attachment> attachments = List.of();
        if (rs.getInt(7) > 0) {
            attachments = new ArrayList<>();
            attachmentsOf.setLong(1, rs.getLong(6));
            attachmentsOf.setString(2, rev);
            try (ResultSet a = attachmentsOf.executeQuery()) {
                while (a.next()) {
                    attachments.add(attachmentAt(a));
                }
            }
        }
        return new DocRevision(
                rs.getString(1),
                Rev.parse(rev),
                rs.getInt(3) != 0,
                JsonStringList.parse(rs.getString(4)),
                rs.getString(5),
                attachments);
    }

    private static Attachment attachmentAt(ResultSet rs) throws SQLException {
        return Attachment.stub(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getLong(5),
                rs.getString(6), rs.getLong(7));
    }

    List<PreparedStatement> statements() {
        return List.of(winner, revision, leaves, docSeq, attachmentsOf, attachment);
    }
}
