package io.couchrepl.store;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code couchrepl compact}: gives the space of what the store no longer needs back to the disk, in
 * steps that are each one transaction (or SQLite's atomic {@code VACUUM}), so a kill at any moment
 * leaves a sound store and running it again finishes the job:
 *
 * <ol>
 *   <li>drops the bodies, histories and attachment rows of non-leaf revisions (what stores written
 *       before schema version 3 kept);</li>
 *   <li>stems every tree longer than {@code revs_limit}, as CouchDB's compactor does;</li>
 *   <li>deletes attachment files no revision names, and leftovers of crashed writes;</li>
 *   <li>{@code VACUUM}s the file (which also turns on incremental auto-vacuum for an older store)
 *       and truncates the write-ahead log.</li>
 * </ol>
 *
 * The caller holds the store's lock; other processes wait for each step's lock, as for any write.
 */
final class Compaction {

    private static final Logger log = LoggerFactory.getLogger(Compaction.class);
    private static final int STEM_BATCH = 200;

    private final Transactions tx;
    private final RevisionWriter writer;
    private final AttachmentCollector collector;

    Compaction(Transactions tx, RevisionWriter writer, AttachmentCollector collector) {
        this.tx = tx;
        this.writer = writer;
        this.collector = collector;
    }

    CompactionResult run(StoreMeasures measures) throws IOException {
        long before = measures.bytesOnDisk();
        long dropped = tx.write("dropping the bodies of non-leaf revisions", this::dropInnerBodies);
        long stemmed = 0;
        List<String> tooLong = tx.read("finding trees longer than revs_limit", this::treesOverLimit);
        for (int from = 0; from < tooLong.size(); from += STEM_BATCH) {
            List<String> chunk = tooLong.subList(from, Math.min(tooLong.size(), from + STEM_BATCH));
            stemmed += tx.write("stemming " + chunk.size() + " revision trees", () -> writer.restem(chunk));
        }
        long freed = tx.write("deleting unreferenced attachment files", collector::removeOrphans);
        try {
            tx.execute("PRAGMA auto_vacuum = INCREMENTAL");
            tx.execute("VACUUM");
            tx.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            throw tx.failure("vacuuming", e);
        }
        long after = measures.bytesOnDisk();
        log.info("compacted store {}: {} -> {} bytes", tx.file(), before, after);
        return new CompactionResult(before, after, dropped, stemmed, freed);
    }

    private long dropInnerBodies() throws SQLException {
        String innerRows = "FROM attachments WHERE (doc_key, rev) IN (SELECT doc_key, rev FROM revs WHERE leaf = 0)";
        List<String> digests = new ArrayList<>();
        try (PreparedStatement rows = tx.connection().prepareStatement("SELECT digest " + innerRows);
                ResultSet rs = rows.executeQuery()) {
            while (rs.next()) {
                digests.add(rs.getString(1));
            }
        }
        try (PreparedStatement drop = tx.connection().prepareStatement("DELETE " + innerRows)) {
            drop.executeUpdate();
        }
        collector.consider(digests);
        long dropped;
        try (PreparedStatement retire = tx.connection().prepareStatement("""
                UPDATE revs SET available = 0, history = NULL, body = NULL, attachments = 0
                WHERE leaf = 0 AND available = 1""")) {
            dropped = retire.executeUpdate();
        }
        collector.releaseUnreferenced();
        return dropped;
    }

    private List<String> treesOverLimit() throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement query = tx.connection().prepareStatement("""
                SELECT d.id FROM docs d JOIN revs r ON r.doc_key = d.doc_key
                GROUP BY d.doc_key HAVING count(*) > ?""")) {
            query.setLong(1, tx.single("SELECT coalesce((SELECT value FROM meta WHERE key = 'revs_limit'), "
                    + Schema.DEFAULT_REVS_LIMIT + ")"));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }
}
