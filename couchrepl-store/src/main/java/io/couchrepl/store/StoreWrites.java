package io.couchrepl.store;

import io.couchrepl.checkpoint.ReplicationLogJson;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.MissingRevs;
import io.couchrepl.protocol.Rev;
import io.couchrepl.spi.Checkpoint;
import io.couchrepl.spi.WriteResult;
import io.couchrepl.tree.RevsDiff;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store as a replication target: {@code _revs_diff}, batches of replicated revisions (with their
 * checkpoint in the same transaction), replication logs, and {@link #sync()}, the durability
 * barrier a checkpoint on another peer waits for. After a write that left attachment bodies without
 * a revision, their files are deleted in a transaction of their own ({@link AttachmentCollector}).
 * The caller holds the store's lock.
 */
final class StoreWrites {

    private static final Logger log = LoggerFactory.getLogger(StoreWrites.class);

    private final Transactions tx;
    private final DocTrees trees;
    private final RevisionWriter writer;
    private final AttachmentCollector collector;
    private final LocalDocsTable localDocs;
    private int revsLimit = Schema.DEFAULT_REVS_LIMIT;

    StoreWrites(Transactions tx, DocTrees trees, RevisionWriter writer, AttachmentCollector collector,
            LocalDocsTable localDocs) {
        this.tx = tx;
        this.trees = trees;
        this.writer = writer;
        this.collector = collector;
        this.localDocs = localDocs;
    }

    int revsLimit() {
        return revsLimit;
    }

    void loadRevsLimit() throws IOException {
        revsLimit = tx.read("reading revs_limit", () -> Schema.revsLimit(tx.connection()));
        writer.revsLimit(revsLimit);
    }

    void setRevsLimit(int limit) throws IOException {
        if (limit < 1) {
            throw new IllegalArgumentException("revs_limit must be a whole number of at least 1, got " + limit);
        }
        tx.write("setting revs_limit to " + limit, () -> {
            Schema.setRevsLimit(tx.connection(), limit);
            return null;
        });
        revsLimit = limit;
        writer.revsLimit(limit);
    }

    void notePeer(String replicationId, String role, String peer) throws IOException {
        if (!role.equals("source") && !role.equals("target")) {
            throw new IllegalArgumentException("role must be source or target, got " + role);
        }
        tx.write("noting the peer of " + replicationId, () -> {
            localDocs.putPeer(replicationId, role, peer);
            return null;
        });
    }

    Map<String, MissingRevs> revsDiff(Map<String, List<Rev>> revs) throws IOException {
        Map<String, DocTrees.Loaded> loaded = tx.read("_revs_diff of " + revs.size() + " documents",
                () -> trees.load(revs.keySet()));
        return RevsDiff.of(revs, id -> {
            DocTrees.Loaded doc = loaded.get(id);
            return doc == null ? null : doc.tree();
        });
    }

    WriteResult writeDocs(List<DocRevision> docs) throws IOException {
        WriteResult result = new WriteResult(tx.write("writing " + docs.size() + " revisions", () -> writer.write(docs)));
        collectFiles();
        return result;
    }

    WriteResult writeDocsAndCheckpoint(List<DocRevision> docs, Checkpoint checkpoint) throws IOException {
        WriteResult result = new WriteResult(tx.write(
                "writing " + docs.size() + " revisions and checkpoint " + checkpoint.lastSeq(), () -> {
                    List<WriteResult.Failure> refused = writer.write(docs);
                    localDocs.putCheckpoint(checkpoint);
                    return refused;
                }));
        collectFiles();
        return result;
    }

    /** A local edit: {@code decide} reads the tree and returns the revision to write, in the same transaction. */
    <T> T edit(String what, Transactions.Work<T> work) throws IOException {
        T result = tx.write(what, work);
        collectFiles();
        return result;
    }

    Optional<Checkpoint> readCheckpoint(String replicationId) throws IOException {
        Optional<String> json = tx.read("reading " + Checkpoint.localId(replicationId),
                () -> localDocs.get(Checkpoint.localId(replicationId)));
        return json.isEmpty() ? Optional.empty() : Optional.of(ReplicationLogJson.parse(replicationId, json.get()));
    }

    void writeCheckpoint(Checkpoint checkpoint) throws IOException {
        tx.write("writing checkpoint " + checkpoint.lastSeq() + " of " + checkpoint.replicationId(), () -> {
            localDocs.putCheckpoint(checkpoint);
            return null;
        });
    }

    /**
     * Makes every commit so far survive a power cut: one small commit at {@code synchronous=FULL},
     * which fsyncs the write-ahead log, and with it every earlier commit still in it (commits at
     * {@code NORMAL} are only written, not flushed; those already copied into the database file were
     * flushed by that checkpoint).
     */
    void sync() throws IOException {
        tx.ensureOpen();
        try {
            tx.execute("PRAGMA synchronous = FULL");
        } catch (SQLException e) {
            throw tx.failure("making the store durable", e);
        }
        try {
            tx.write("making the store durable", () -> {
                try (PreparedStatement markSynced = tx.connection().prepareStatement("""
                        INSERT INTO meta(key, value) VALUES ('synced_at', ?)
                        ON CONFLICT(key) DO UPDATE SET value = excluded.value""")) {
                    markSynced.setString(1, Instant.now().toString());
                    return markSynced.executeUpdate();
                }
            });
        } finally {
            try {
                tx.execute("PRAGMA synchronous = NORMAL");
            } catch (SQLException e) {
                log.warn("store {}: cannot go back to synchronous=NORMAL: {}", tx.file(), SqliteErrors.firstLine(e));
            }
        }
    }

    /** Deletes the files of bodies a committed write left without a revision (step 2 of the collector). */
    private void collectFiles() {
        if (!collector.hasFilesToDelete()) {
            return;
        }
        try {
            tx.write("deleting unreferenced attachment files", collector::deleteFiles);
        } catch (IOException e) {
            // The data is committed; the files wait for the next write or open.
            log.warn("store {}: {}", tx.file(), e.getMessage());
        }
    }

    void close() throws SQLException {
        writer.close();
    }
}
