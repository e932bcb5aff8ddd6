package io.couchrepl.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Gives back the attachment bodies no revision names any more, in two steps so that a file a
 * committed revision names is never deleted:
 *
 * <ol>
 *   <li>in the transaction that drops a revision's attachment rows, a body that no row names any
 *       more loses its {@code attachment_bodies} row and its digest goes into
 *       {@code unreferenced_bodies};</li>
 *   <li>after that commit, in a write transaction of its own, the files of those digests that still
 *       have no body row are deleted, then the list is cleared.</li>
 * </ol>
 *
 * A later write that brings the same body back adds its row again, so step 2 leaves its file alone.
 * A crash in step 2 leaves the list to be finished at the next open; files no row names at all (a
 * write that installed a body and then died before its commit) are removed at open by
 * {@link #removeOrphans}. Every step runs under the write lock, because writers install files only
 * while they hold it. Not thread-safe: the store's lock guards it.
 */
final class AttachmentCollector {

    private final AttachmentFiles files;
    private final PreparedStatement rowsOf;
    private final Connection connection;
    private final PreparedStatement pending;
    private final PreparedStatement bodyKept;
    private final Set<String> candidates = new LinkedHashSet<>();
    private boolean filesToDelete;

    AttachmentCollector(Connection connection, AttachmentFiles files) throws SQLException {
        this.files = files;
        this.rowsOf = connection.prepareStatement("SELECT digest FROM attachments WHERE doc_key = ? AND rev = ?");
        this.connection = connection;
        this.pending = connection.prepareStatement("""
                SELECT u.digest FROM unreferenced_bodies u
                WHERE NOT EXISTS (SELECT 1 FROM attachment_bodies b WHERE b.digest = u.digest)""");
        this.bodyKept = connection.prepareStatement("SELECT 1 FROM attachment_bodies WHERE digest = ?");
    }

    /** Drops the attachment rows of a revision that keeps no body; its digests may have lost their last row. */
    void dropAttachmentRows(long docKey, String rev) throws SQLException {
        rowsOf.setLong(1, docKey);
        rowsOf.setString(2, rev);
        boolean any = false;
        try (ResultSet rs = rowsOf.executeQuery()) {
            while (rs.next()) {
                candidates.add(rs.getString(1));
                any = true;
            }
        }
        if (any) {
            update("DELETE FROM attachments WHERE doc_key = ? AND rev = ?", docKey, rev);
        }
    }

    void dropAttachmentRows(long docKey, io.couchrepl.protocol.Rev rev) throws SQLException {
        dropAttachmentRows(docKey, rev.toString());
    }

    /** Also consider these digests (bodies a batch took in for revisions that are no longer leaves). */
    void consider(Collection<String> digests) {
        candidates.addAll(digests);
    }

    /**
     * Step 1, in the writing transaction, after all its rows are in: the candidates no row names lose
     * their body row and are listed for deletion. Returns how many.
     */
    int releaseUnreferenced() throws SQLException {
        int released = 0;
        for (String digest : candidates) {
            if (update("DELETE FROM attachment_bodies WHERE digest = ?1"
                    + " AND NOT EXISTS (SELECT 1 FROM attachments WHERE digest = ?1)", digest) > 0) {
                update("INSERT OR IGNORE INTO unreferenced_bodies(digest) VALUES (?)", digest);
                released++;
            }
        }
        candidates.clear();
        filesToDelete |= released > 0;
        return released;
    }

    /** Whether a committed write listed files for deletion (or the store was opened with some listed). */
    boolean hasFilesToDelete() {
        return filesToDelete;
    }

    /** Step 2, in a write transaction of its own after the commit of step 1; returns the bytes freed. */
    long deleteFiles() throws SQLException, IOException {
        List<String> digests = new ArrayList<>();
        try (ResultSet rs = pending.executeQuery()) {
            while (rs.next()) {
                digests.add(rs.getString(1));
            }
        }
        long freed = 0;
        for (String digest : digests) {
            freed += files.delete(files.fileOf(digest));
        }
        update("DELETE FROM unreferenced_bodies");
        filesToDelete = false;
        return freed;
    }

    /**
     * At open and in compact, under the write lock: finishes step 2 of a crashed run and deletes body
     * files no row names (installed by a write that never committed). Returns the bytes freed.
     */
    long removeOrphans() throws SQLException, IOException {
        long freed = deleteFiles();
        files.removeLeftovers();
        for (Path file : files.bodyFiles()) {
            Optional<String> digest = AttachmentFiles.digestOf(file);
            if (digest.isEmpty()) {
                continue; // not a name this store gives: leave what it does not own
            }
            bodyKept.setString(1, digest.get());
            if (Rows.first(bodyKept, rs -> Boolean.TRUE).isEmpty()) {
                freed += files.delete(file);
            }
        }
        return freed;
    }

    /**
     * One change, on a statement prepared for it: a kept statement run with executeUpdate stays
     * "in progress" in sqlite-jdbc, and VACUUM refuses to run while one is.
     */
    private int update(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    /** Forgets candidates of a write that rolled back. */
    void clearBatches() {
        candidates.clear();
    }

    List<PreparedStatement> statements() {
        return List.of(rowsOf, pending, bodyKept);
    }
}
