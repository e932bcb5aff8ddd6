package io.couchrepl.store;

import io.couchrepl.attachments.AttachmentIntake;
import io.couchrepl.protocol.Attachment;
import io.couchrepl.protocol.DocRevision;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the attachments of the revisions a batch writes: takes each revision's bodies in through
 * core's {@link AttachmentIntake} (checked against digest and length) into {@link AttachmentFiles},
 * and adds the rows that name them to the batch's transaction. A body whose digest the store keeps
 * is not written again.
 *
 * <p>The caller holds the write transaction and calls {@link #begin()} before each batch and
 * {@link #flush()} after the revisions' rows; a failure leaves it to roll back.
 */
final class AttachmentWriter implements AttachmentIntake.Keeper {

    private record Staged(Attachment attachment, Path file, long size) {}

    private final AttachmentFiles files;
    private final PreparedStatement keptBody;
    private final PreparedStatement insertBody;
    private final PreparedStatement insertAttachment;
    private final Map<String, AttachmentIntake.Kept> keptInBatch = new HashMap<>();
    private final List<Staged> staged = new ArrayList<>();

    AttachmentWriter(Connection connection, AttachmentFiles files) throws SQLException {
        this.files = files;
        this.keptBody = connection.prepareStatement(
                "SELECT encoding, stored_length FROM attachment_bodies WHERE digest = ?");
        this.insertBody = connection.prepareStatement(
                "INSERT OR IGNORE INTO attachment_bodies(digest, encoding, stored_length) VALUES (?, ?, ?)");
        this.insertAttachment = connection.prepareStatement("""
                INSERT INTO attachments(doc_key, rev, position, name, content_type, revpos, digest, length)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""");
    }

    void begin() {
        keptInBatch.clear();
        staged.clear();
    }

    /**
     * Takes in the attachments of a revision about to be written: accepted, its new bodies are in
     * their files and the outcome lists its attachments as stored; refused, nothing of it is kept.
     */
    AttachmentIntake.Outcome take(DocRevision revision) throws IOException, SQLException {
        AttachmentIntake.Outcome outcome = AttachmentIntake.take(revision, this);
        if (outcome.accepted()) {
            for (Staged body : staged) {
                String digest = body.attachment().digest();
                files.install(body.file(), digest);
                keptInBatch.put(digest, new AttachmentIntake.Kept(body.attachment().encoding(), body.size()));
                insertBody.setString(1, digest);
                insertBody.setString(2, body.attachment().encoding());
                insertBody.setLong(3, body.size());
                insertBody.addBatch();
            }
        }
        staged.clear();
        return outcome;
    }

    /** The digests of the bodies this batch took in. */
    java.util.Set<String> takenInBatch() {
        return keptInBatch.keySet();
    }

    /** Adds the attachment rows of a revision the batch writes with its body. */
    void addRows(long docKey, DocRevision revision) throws SQLException {
        List<Attachment> attachments = revision.attachments();
        for (int position = 0; position < attachments.size(); position++) {
            Attachment attachment = attachments.get(position);
            insertAttachment.setLong(1, docKey);
            insertAttachment.setString(2, revision.rev().toString());
            insertAttachment.setInt(3, position);
            insertAttachment.setString(4, attachment.name());
            insertAttachment.setString(5, attachment.contentType());
            insertAttachment.setInt(6, attachment.revpos());
            insertAttachment.setString(7, attachment.digest());
            insertAttachment.setLong(8, attachment.length());
            insertAttachment.addBatch();
        }
    }

    /** Writes the batch's rows (after the revisions' rows they refer to) and flushes the new files' names. */
    void flush() throws SQLException {
        insertBody.executeBatch();
        insertAttachment.executeBatch();
        files.syncDirectories();
    }

    @Override
    public Optional<AttachmentIntake.Kept> kept(String digest) throws IOException {
        AttachmentIntake.Kept inBatch = keptInBatch.get(digest);
        if (inBatch != null) {
            return Optional.of(inBatch);
        }
        try {
            keptBody.setString(1, digest);
            return Rows.first(keptBody, rs -> new AttachmentIntake.Kept(rs.getString(1), rs.getLong(2)));
        } catch (SQLException e) {
            throw new IOException("looking up attachment body " + digest + ": " + SqliteErrors.firstLine(e), e);
        }
    }

    @Override
    public void stage(Attachment attachment, InputStream bytes) throws IOException {
        Path file = files.stage(bytes);
        staged.add(new Staged(attachment, file, Files.size(file)));
    }

    @Override
    public void discardStaged() {
        staged.forEach(body -> files.discard(body.file()));
        staged.clear();
    }

    /** Drops batched rows and staged files a failed write left behind. */
    void clearBatches() throws SQLException {
        discardStaged();
        insertBody.clearBatch();
        insertAttachment.clearBatch();
    }

    void close() throws SQLException {
        keptBody.close();
        insertBody.close();
        insertAttachment.close();
    }
}
