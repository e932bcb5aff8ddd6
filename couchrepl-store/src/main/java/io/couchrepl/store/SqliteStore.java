package io.couchrepl.store;

import io.couchrepl.attachments.AttsSince;
import io.couchrepl.protocol.Attachment;
import io.couchrepl.protocol.ChangesBatch;
import io.couchrepl.protocol.ChangesRequest;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.FetchResult;
import io.couchrepl.protocol.MissingRevs;
import io.couchrepl.protocol.Rev;
import io.couchrepl.protocol.RevRequest;
import io.couchrepl.spi.Checkpoint;
import io.couchrepl.spi.DocException;
import io.couchrepl.spi.LocalDocuments;
import io.couchrepl.spi.LocalEdits;
import io.couchrepl.spi.Source;
import io.couchrepl.spi.Target;
import io.couchrepl.spi.WriteResult;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable embedded store: a replication target and source kept in one SQLite file, holding each
 * document's revision tree (stemmed to {@link #revsLimit()}) and winner, the bodies of its leaves, a
 * local update sequence, checkpoints and {@code _local} documents, with the attachment bodies in a
 * directory beside it ({@code <file>-attachments}), one file per digest however many revisions and
 * documents share it. It behaves as {@link io.couchrepl.memory.MemoryStore} does and survives the
 * process being killed at any moment.
 *
 * <p>A revision that stops being a leaf keeps its place in the tree but loses its body and
 * attachments, as CouchDB's compaction drops them; an attachment file no leaf names is deleted after
 * the commit that let it go. Each {@link #writeDocs} call is one SQLite transaction, and
 * {@link #writeDocsAndCheckpoint} commits the batch and its checkpoint together. Commits survive the
 * process dying; {@link #makeDurable()} makes them survive a power cut too, and runs before a
 * checkpoint on another peer vouches for them. {@link #compact()} gives space back;
 * {@link #info()} describes the store as CouchDB's {@code GET /db} does.
 *
 * <p>Failures are {@link IOException}s naming the file; the store's own (damaged, full, busy,
 * unusable) are {@link StoreException}s. Thread-safe: every public method holds the store's lock.
 * One store object per file per process; several processes may open the same file (SQLite locks
 * it), with one writing at a time. This class is a façade: {@link StoreReads}, {@link StoreWrites},
 * {@link StoreEdits} and {@link LocalDocsTable} do the work.
 */
public final class SqliteStore implements Target, Source, LocalDocuments, LocalEdits {

    private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);

    private final Path file;
    private final String identity;
    private final Transactions tx;
    private final AttachmentFiles attachmentFiles;
    private final AttachmentCollector collector;
    private final RevisionWriter writer;
    private final StoreReads reads;
    private final StoreWrites writes;
    private final StoreEdits edits;
    private final LocalDocsTable localDocs;
    private final ChangesQuery changesQuery;
    private final StoreMeasures measures;
    private final List<PreparedStatement> statements = new ArrayList<>();

    private SqliteStore(Path file, Connection connection) throws SQLException, IOException {
        this.file = file;
        this.identity = StoreOpener.identity(file);
        this.tx = new Transactions(file, connection);
        this.attachmentFiles = new AttachmentFiles(file);
        this.collector = new AttachmentCollector(connection, attachmentFiles);
        DocTrees trees = new DocTrees(connection);
        AttachmentWriter attachmentWriter = new AttachmentWriter(connection, attachmentFiles);
        this.writer = new RevisionWriter(connection, trees, attachmentWriter, collector);
        this.localDocs = new LocalDocsTable(connection);
        this.reads = new StoreReads(connection, trees, attachmentFiles);
        this.writes = new StoreWrites(tx, trees, writer, collector, localDocs);
        this.edits = new StoreEdits(tx, reads, writes, writer);
        this.changesQuery = new ChangesQuery(connection);
        this.measures = new StoreMeasures(tx, attachmentFiles);
        statements.addAll(collector.statements());
        statements.addAll(localDocs.statements());
        statements.addAll(reads.statements());
        statements.addAll(changesQuery.statements());
        tx.onRollback(writer::clearBatchesAfterRollback);
        writes.loadRevsLimit();
    }

    /**
     * Loads the SQLite driver and its native library now, on the caller's thread, so that a later
     * {@link #open} does not pay for it. A command calls this from a second thread while it parses
     * its arguments. Never fails: a driver that cannot load is reported by {@code open}.
     */
    public static void prepareDriver() {
        StoreOpener.prepareDriver();
    }

    /**
     * Opens the store in {@code file}, creating the file and its tables if it does not exist, and
     * upgrading a store written by an earlier version. Removes what a crash left: half-written
     * attachment files, and bodies no revision names.
     *
     * @throws StoreException with a one-line message naming the file when the path is a directory, its
     *     parent directory is missing or not writable, or the file is not a couchrepl store (another
     *     SQLite database, random bytes, a damaged file); no file is left behind by a failed creation
     */
    public static SqliteStore open(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        Connection connection = StoreOpener.open(file);
        try {
            SqliteStore store = new SqliteStore(file, connection);
            store.tx.write("removing what a crash left", store.collector::removeOrphans);
            log.debug("opened store {} ({})", file, store.identity);
            return store;
        } catch (SQLException e) {
            StoreOpener.closeQuietly(connection);
            throw SqliteErrors.failure(file, "opening", e);
        } catch (IOException | RuntimeException e) {
            StoreOpener.closeQuietly(connection);
            throw e;
        }
    }

    /**
     * {@code couchrepl-store:} and the file's canonical path. A store deleted and created again at
     * the same path is the same replication target, so a log kept on the source lets it resume (the
     * PouchDB pattern); a store moved elsewhere is a new target, which re-checks what it holds.
     */
    @Override
    public String identity() {
        return identity;
    }

    /** The file this store lives in. */
    public Path file() {
        return file;
    }

    // ---- the store as a replication target ----

    @Override
    public synchronized Map<String, MissingRevs> revsDiff(Map<String, List<Rev>> revs) throws IOException {
        return writes.revsDiff(revs);
    }

    /**
     * Stores the revisions as replicated edits in one transaction: all of them or, on failure, none.
     * A revision whose attachments do not match their digests or lengths, or name a body this store
     * lacks, is refused and listed in the result; the others are written.
     *
     * @throws IllegalArgumentException for a {@code _local/} id; nothing of the batch is written
     */
    @Override
    public synchronized WriteResult writeDocs(List<DocRevision> docs) throws IOException {
        return committed(writes.writeDocs(docs));
    }

    /** Stores the batch and its checkpoint in one transaction, so neither survives a crash without the other. */
    @Override
    public synchronized WriteResult writeDocsAndCheckpoint(List<DocRevision> docs, Checkpoint checkpoint)
            throws IOException {
        return committed(writes.writeDocsAndCheckpoint(docs, checkpoint));
    }

    @Override
    public synchronized Optional<Checkpoint> readCheckpoint(String replicationId) throws IOException {
        return writes.readCheckpoint(replicationId);
    }

    @Override
    public synchronized void writeCheckpoint(Checkpoint checkpoint) throws IOException {
        writes.writeCheckpoint(checkpoint);
    }

    /**
     * Makes every commit so far survive a power cut (an fsync of the write-ahead log). Commits are
     * otherwise only safe from the process dying; a checkpoint on another peer that vouches for this
     * store's data is written after this returns.
     */
    @Override
    public synchronized void makeDurable() throws IOException {
        writes.sync();
    }

    /** Wakes a changes feed waiting for writes (a continuous push out of this store). */
    private <T> T committed(T result) {
        notifyAll();
        return result;
    }

    // ---- settings, compaction and info ----

    /** How many revisions of each branch a tree keeps, as CouchDB's {@code _revs_limit}; 1000 unless set. */
    public synchronized int revsLimit() {
        return writes.revsLimit();
    }

    /**
     * Sets {@link #revsLimit()}: trees are stemmed to it as they are next written, and all of them by
     * {@link #compact()}, as CouchDB does.
     *
     * @throws IllegalArgumentException unless {@code limit} is at least 1
     */
    public synchronized void setRevsLimit(int limit) throws IOException {
        writes.setRevsLimit(limit);
    }

    /** Gives back the space of what the store no longer needs ({@link Compaction}); safe to kill at any moment. */
    public synchronized CompactionResult compact() throws IOException {
        return new Compaction(tx, writer, collector).run(measures);
    }

    /** The store described in the shape of CouchDB's {@code GET /db}, with its replication logs. */
    public synchronized StoreInfo info() throws IOException {
        return measures.info(writes.revsLimit(), tx.read("reading the replication logs", localDocs::replicationLogInfo));
    }

    /**
     * Notes who the peer of a replication is ({@code source} for a pull into this store, {@code target}
     * for a push that keeps its log here), for {@link #info()}: a log in CouchDB's format does not say.
     * The peer must carry no credentials.
     */
    public synchronized void notePeer(String replicationId, String role, String peer) throws IOException {
        writes.notePeer(replicationId, role, peer);
    }

    // ---- reads ----

    /** Every leaf revision, deleted ones included, sorted by id then rev in code-point order. */
    public synchronized List<DocRevision> leaves() throws IOException {
        List<DocRevision> all = new ArrayList<>();
        forEachLeaf(all::add);
        return all;
    }

    /**
     * Passes every leaf revision, deleted ones included, to {@code action} in the order of
     * {@link #leaves()}, reading them from the file as it goes rather than holding them all. The store's
     * lock is held meanwhile.
     */
    public synchronized void forEachLeaf(Consumer<DocRevision> action) throws IOException {
        tx.read("reading leaves", () -> {
            reads.forEachLeaf(action);
            return null;
        });
    }

    /** The winning revision of a document, as CouchDB would answer {@code GET /db/id}, tombstones included. */
    public synchronized Optional<DocRevision> winner(String id) throws IOException {
        return tx.read("reading the winner of " + id, () -> reads.winner(id));
    }

    /** A given revision of a document, if its body is held: leaves only, as in CouchDB after compaction. */
    public synchronized Optional<DocRevision> revision(String id, Rev rev) throws IOException {
        return tx.read("reading " + id + " " + rev, () -> reads.revision(id, rev));
    }

    /**
     * An attachment of a revision with its bytes as stored (gzip when its encoding says so), read from
     * its file, if this store holds that revision and it has an attachment of that name.
     */
    public synchronized Optional<Attachment> attachment(String id, Rev rev, String name) throws IOException {
        return tx.read("reading attachment " + name + " of " + id + " " + rev, () -> reads.attachment(id, rev, name));
    }

    /** How many attachment bodies are kept: one per digest. */
    public synchronized long attachmentBodyCount() throws IOException {
        return measures.attachmentBodyCount();
    }

    /** The directory beside the store file that holds the attachment bodies, one file per digest. */
    public Path attachmentsDirectory() {
        return attachmentFiles.directory();
    }

    /** How many revision bodies are held, over all documents: one per leaf. */
    public synchronized int revisionCount() throws IOException {
        return (int) measures.revisionCount();
    }

    /** How many documents have a winner that is not deleted, as CouchDB's {@code doc_count}. */
    public synchronized long docCount() throws IOException {
        return measures.docCount();
    }

    /** How many documents are deleted (their winner is a tombstone), as CouchDB's {@code doc_del_count}. */
    public synchronized long deletedDocCount() throws IOException {
        return measures.deletedDocCount();
    }

    /** The local update sequence: how many document changes this store has committed; 0 when empty. */
    public synchronized long updateSeq() throws IOException {
        return measures.updateSeq();
    }

    synchronized OptionalLong seqOf(String id) throws IOException {
        return tx.read("reading the seq of " + id, () -> reads.seqOf(id));
    }

    // ---- _local documents ----

    /** The JSON body of a {@code _local/} document, if present. */
    @Override
    public synchronized Optional<String> getLocal(String id) throws IOException {
        LocalDocsTable.requireLocal(id);
        return tx.read("reading " + id, () -> localDocs.get(id));
    }

    /** Creates or replaces a {@code _local/} document with the given JSON object text, kept verbatim. */
    @Override
    public synchronized void putLocal(String id, String json) throws IOException {
        LocalDocsTable.checkPut(id, json);
        tx.write("writing " + id, () -> {
            localDocs.put(id, json);
            return null;
        });
    }

    /** Removes a {@code _local/} document; returns whether it was there. */
    public synchronized boolean deleteLocal(String id) throws IOException {
        LocalDocsTable.requireLocal(id);
        return tx.write("deleting " + id, () -> localDocs.delete(id));
    }

    // ---- the store as a replication source ----

    /**
     * A page of this store's changes feed ({@code style=all_docs}, or the winners only), by local
     * sequence. A long poll waits until this store is written to, at most one heartbeat, and may
     * return no rows. Only {@code doc_ids} filters are understood.
     */
    @Override
    public synchronized ChangesBatch changes(ChangesRequest request) throws IOException {
        return changesQuery.readOrWait(tx, this, request);
    }

    /**
     * The requested revisions with their history and attachments: bodies (read from their files) for
     * those changed since the request's {@code attsSince}, stubs for the others. A revision whose body
     * is not held (no longer a leaf) is not found.
     */
    @Override
    public synchronized FetchResult fetch(List<RevRequest> requests) throws IOException {
        return AttsSince.withBodies(FetchResult.fromHeld(requests, this::revision), requests, reads::bodyOf);
    }

    // ---- local edits (io.couchrepl.edit): the application's own puts, deletes and reads ----

    @Override
    public synchronized Rev put(String id, String json) throws DocException, IOException {
        return committed(edits.put(id, json));
    }

    @Override
    public synchronized Rev delete(String id, Rev rev) throws DocException, IOException {
        return committed(edits.delete(id, rev));
    }

    @Override
    public synchronized DocRevision get(String id) throws DocException, IOException {
        return edits.get(id);
    }

    @Override
    public synchronized DocRevision get(String id, Rev rev) throws DocException, IOException {
        return edits.get(id, rev);
    }

    @Override
    public synchronized List<DocRevision> openRevs(String id) throws DocException, IOException {
        return edits.openRevs(id);
    }

    @Override
    public synchronized List<Rev> conflicts(String id) throws DocException, IOException {
        return edits.conflicts(id);
    }

    /** Closes the file; later calls fail, closing again does nothing. */
    @Override
    public synchronized void close() throws IOException {
        if (tx.isClosed()) {
            return;
        }
        try {
            writes.close();
            for (PreparedStatement statement : statements) {
                statement.close();
            }
            tx.close();
        } catch (SQLException e) {
            StoreOpener.closeQuietly(tx.connection());
            throw tx.failure("closing", e);
        }
    }

    @Override
    public String toString() {
        return "SqliteStore[" + file + "]";
    }
}
