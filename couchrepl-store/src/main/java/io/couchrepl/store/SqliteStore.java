package io.couchrepl.store;

import io.couchrepl.attachments.AttsSince;
import io.couchrepl.protocol.Attachment;
import io.couchrepl.protocol.AttachmentBody;
import io.couchrepl.protocol.DocIds;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.spi.Source;
import io.couchrepl.protocol.RevRequest;
import io.couchrepl.protocol.FetchResult;
import io.couchrepl.protocol.ChangesRequest;
import io.couchrepl.protocol.ChangesBatch;
import io.couchrepl.protocol.MissingRevs;
import io.couchrepl.protocol.Rev;
import io.couchrepl.protocol.Seq;
import io.couchrepl.checkpoint.ReplicationLogJson;
import io.couchrepl.edit.DocEdit;
import io.couchrepl.edit.DocException;
import io.couchrepl.edit.DocReads;
import io.couchrepl.edit.LocalEdit;
import io.couchrepl.edit.LocalEdits;
import io.couchrepl.spi.Checkpoint;
import io.couchrepl.spi.LocalDocuments;
import io.couchrepl.spi.Target;
import io.couchrepl.spi.WriteResult;
import io.couchrepl.tree.RevTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * The durable embedded store: a replication target kept in one SQLite file, holding every revision
 * body received, each document's revision tree and winner, a local update sequence, checkpoints and
 * {@code _local} documents, with the attachment bodies in a directory beside it
 * ({@code <file>-attachments}), one file per digest however many revisions and documents share it.
 * It behaves as {@link io.couchrepl.memory.MemoryStore} does and survives the process being killed
 * at any moment.
 *
 * <p>Each {@link #writeDocs} call is one SQLite transaction, and {@link #writeDocsAndCheckpoint}
 * commits the batch and its checkpoint together, so after a crash the checkpoint never claims
 * revisions the store lacks. The file is in WAL mode with {@code synchronous=NORMAL}: a committed
 * transaction survives the process dying; the last ones may be lost to a power cut, never the file.
 * An attachment body is checked against its {@code md5-} digest and length, flushed to disk and named
 * before the transaction of its revision commits; a revision whose attachments do not check out is
 * refused ({@link WriteResult#failures()}) and nothing of it is written.
 *
 * <p>The application can also read and edit it as a database ({@link LocalEdits}); an edit is checked
 * and written in one transaction.
 *
 * <p>Failures are {@link IOException}s naming the file. Thread-safe: every public method holds the
 * store's lock, so a status reader waits for a write in progress to commit. One store object per file
 * per process; several processes may open the same file (SQLite locks it), with one writing at a time.
 */
public final class SqliteStore implements Target, Source, LocalDocuments, LocalEdits {

    private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);

    private static final int BUSY_TIMEOUT_MILLIS = 10_000;

    private static final String REVISION_COLUMNS = "d.id, r.rev, r.deleted, r.history, r.body, r.doc_key, r.attachments";

    private final Path file;
    private final String identity;
    private final Connection connection;
    private final Statement control;
    private final DocTrees trees;
    private final AttachmentFiles attachmentFiles;
    private final RevisionWriter writer;
    private final PreparedStatement winner;
    private final PreparedStatement revision;
    private final PreparedStatement leaves;
    private final PreparedStatement docSeq;
    private final PreparedStatement getLocal;
    private final PreparedStatement putLocal;
    private final PreparedStatement deleteLocal;
    private final ChangesQuery changesQuery;
    private final PreparedStatement attachmentsOf;
    private final PreparedStatement attachment;
    private boolean closed;

    private SqliteStore(Path file, Connection connection) throws SQLException, IOException {
        this.file = file;
        this.identity = "couchrepl-store:" + canonical(file);
        this.connection = connection;
        this.control = connection.createStatement();
        this.trees = new DocTrees(connection);
        this.attachmentFiles = new AttachmentFiles(file);
        this.writer = new RevisionWriter(connection, trees, new AttachmentWriter(connection, attachmentFiles));
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
        this.getLocal = connection.prepareStatement("SELECT body FROM local_docs WHERE id = ?");
        // CouchDB gives _local documents revisions 0-1, 0-2, ...: no tree, just a counter.
        this.putLocal = connection.prepareStatement("""
                INSERT INTO local_docs(id, rev, body) VALUES (?, '0-1', ?)
                ON CONFLICT(id) DO UPDATE SET
                  rev = '0-' || (CAST(substr(rev, 3) AS INTEGER) + 1), body = excluded.body""");
        this.deleteLocal = connection.prepareStatement("DELETE FROM local_docs WHERE id = ?");
        this.changesQuery = new ChangesQuery(connection);
        this.attachmentsOf = connection.prepareStatement("SELECT " + ATTACHMENT_COLUMNS
                + " FROM attachments a JOIN attachment_bodies b ON b.digest = a.digest"
                + " WHERE a.doc_key = ? AND a.rev = ? ORDER BY a.position");
        this.attachment = connection.prepareStatement("SELECT " + ATTACHMENT_COLUMNS
                + " FROM docs d JOIN attachments a ON a.doc_key = d.doc_key JOIN attachment_bodies b ON b.digest = a.digest"
                + " WHERE d.id = ? AND a.rev = ? AND a.name = ?");
    }

    private static final String ATTACHMENT_COLUMNS =
            "a.name, a.content_type, a.revpos, a.digest, a.length, b.encoding, b.stored_length";

    /**
     * Opens the store in {@code file}, creating the file and its tables if it does not exist.
     *
     * @throws IOException with a one-line message naming the file when the path is a directory, its
     *     parent directory is missing or not writable, or the file is not a couchrepl store (another
     *     SQLite database, random bytes, a damaged file); no file is left behind by a failed creation
     */
    public static SqliteStore open(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        StoreFile.checkUsable(file);
        boolean creating = !Files.exists(file);
        Connection connection = null;
        try {
            connection = connect(file);
            createOrCheck(connection, file);
            SqliteStore store = new SqliteStore(file, connection);
            store.attachmentFiles.removeLeftovers();
            log.debug("opened store {} ({})", file, store.identity);
            return store;
        } catch (IOException | SQLException | RuntimeException e) {
            closeQuietly(connection);
            if (creating) {
                StoreFile.deleteCreated(file);
            }
            if (e instanceof IOException io) {
                throw io;
            }
            if (e instanceof SQLException sql && SqliteErrors.isNotADatabase(sql)) {
                throw new IOException("not a couchrepl store: " + file + " (" + SqliteErrors.firstLine(sql) + ")", e);
            }
            if (e instanceof SQLException sql) {
                throw new IOException("cannot open couchrepl store: " + file + " (" + SqliteErrors.firstLine(sql) + ")", e);
            }
            throw (RuntimeException) e;
        }
    }

    private static Connection connect(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        // A URI with the path percent-encoded: sqlite-jdbc would read a '?' in a plain path as pragmas.
        config.setOpenMode(SQLiteOpenMode.OPEN_URI);
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath().toUri().toASCIIString());
    }

    private static String createOrCheck(Connection connection, Path file) throws SQLException, IOException {
        if (!Schema.isEmpty(connection)) {
            String uuid = Schema.check(connection, file);
            enableWal(connection);
            if (Schema.needsUpgrade(connection)) {
                upgrade(connection, file);
            }
            return uuid;
        }
        // Only a file that is ours (new, or empty) is switched to WAL: the mode is written into the file.
        enableWal(connection);
        try (Statement s = connection.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                // Another process may have created the store since we looked.
                String uuid = Schema.isEmpty(connection) ? Schema.create(connection) : Schema.check(connection, file);
                s.execute("COMMIT");
                log.debug("created store {}", file);
                return uuid;
            } catch (SQLException | IOException | RuntimeException e) {
                s.execute("ROLLBACK");
                throw e;
            }
        }
    }

    private static void upgrade(Connection connection, Path file) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                // Another process may have upgraded it since we looked.
                if (Schema.needsUpgrade(connection)) {
                    Schema.upgrade(connection);
                    log.info("upgraded store {} to schema version {}", file, Schema.VERSION);
                }
                s.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                s.execute("ROLLBACK");
                throw e;
            }
        }
    }

    private static void enableWal(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
            rs.next();
            if (!"wal".equalsIgnoreCase(rs.getString(1))) {
                throw new SQLException("cannot switch to WAL mode, journal mode is " + rs.getString(1));
            }
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

    private static String canonical(Path file) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        return parent == null ? absolute.toString() : parent.toRealPath().resolve(absolute.getFileName()).toString();
    }

    /** The file this store lives in. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized Map<String, MissingRevs> revsDiff(Map<String, List<Rev>> revs) throws IOException {
        ensureOpen();
        Map<String, DocTrees.Loaded> loaded;
        try {
            loaded = trees.load(revs.keySet());
        } catch (SQLException e) {
            throw failure("_revs_diff of " + revs.size() + " documents", e);
        }
        Map<String, MissingRevs> result = new LinkedHashMap<>();
        revs.forEach((id, asked) -> {
            DocTrees.Loaded doc = loaded.get(id);
            RevTree tree = doc == null ? new RevTree() : doc.tree();
            List<Rev> missing = tree.missing(asked);
            if (!missing.isEmpty()) {
                result.put(id, new MissingRevs(id, missing, tree.possibleAncestors(missing)));
            }
        });
        return result;
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
        return new WriteResult(inWriteTransaction("writing " + docs.size() + " revisions", () -> writer.write(docs)));
    }

    /** Stores the batch and its checkpoint in one transaction, so neither survives a crash without the other. */
    @Override
    public synchronized WriteResult writeDocsAndCheckpoint(List<DocRevision> docs, Checkpoint checkpoint)
            throws IOException {
        return new WriteResult(inWriteTransaction(
                "writing " + docs.size() + " revisions and checkpoint " + checkpoint.lastSeq(), () -> {
                    List<WriteResult.Failure> refused = writer.write(docs);
                    putCheckpoint(checkpoint);
                    return refused;
                }));
    }

    /** The replication log kept in {@code _local/<replicationId>}. */
    @Override
    public synchronized Optional<Checkpoint> readCheckpoint(String replicationId) throws IOException {
        Optional<String> json = getLocal(Checkpoint.localId(replicationId));
        return json.isEmpty() ? Optional.empty() : Optional.of(ReplicationLogJson.parse(replicationId, json.get()));
    }

    @Override
    public synchronized void writeCheckpoint(Checkpoint checkpoint) throws IOException {
        inWriteTransaction("writing checkpoint " + checkpoint.lastSeq() + " of " + checkpoint.replicationId(), () -> {
            putCheckpoint(checkpoint);
            return null;
        });
    }

    private void putCheckpoint(Checkpoint checkpoint) throws SQLException {
        // The log as CouchDB writes it; its seqs are the source's JSON, never parsed.
        putLocal.setString(1, checkpoint.localId());
        putLocal.setString(2, ReplicationLogJson.toJson(checkpoint));
        putLocal.executeUpdate();
    }

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
        ensureOpen();
        try (ResultSet rs = leaves.executeQuery()) {
            while (rs.next()) {
                action.accept(revisionAt(rs));
            }
        } catch (SQLException e) {
            throw failure("reading leaves", e);
        }
    }

    /** The winning revision of a document, as CouchDB would answer {@code GET /db/id}, tombstones included. */
    public synchronized Optional<DocRevision> winner(String id) throws IOException {
        ensureOpen();
        try {
            winner.setString(1, id);
            return firstRevision(winner);
        } catch (SQLException e) {
            throw failure("reading the winner of " + id, e);
        }
    }

    /** A given revision of a document, if its body is held. */
    public synchronized Optional<DocRevision> revision(String id, Rev rev) throws IOException {
        ensureOpen();
        try {
            revision.setString(1, id);
            revision.setString(2, rev.toString());
            return firstRevision(revision);
        } catch (SQLException e) {
            throw failure("reading " + id + " " + rev, e);
        }
    }

    /**
     * An attachment of a revision with its bytes as stored (gzip when its encoding says so), read from
     * its file, if this store holds that revision and it has an attachment of that name.
     */
    public synchronized Optional<Attachment> attachment(String id, Rev rev, String name) throws IOException {
        ensureOpen();
        try {
            attachment.setString(1, id);
            attachment.setString(2, rev.toString());
            attachment.setString(3, name);
            try (ResultSet rs = attachment.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Attachment stub = attachmentAt(rs);
                return Optional.of(stub.withBody(
                        AttachmentBody.ofFile(attachmentFiles.fileOf(stub.digest()), stub.encodedLength())));
            }
        } catch (SQLException e) {
            throw failure("reading attachment " + name + " of " + id + " " + rev, e);
        }
    }

    /** How many attachment bodies are kept: one per digest, however many revisions share it. */
    public synchronized long attachmentBodyCount() throws IOException {
        return count("SELECT count(*) FROM attachment_bodies", "counting attachment bodies");
    }

    /** The directory beside the store file that holds the attachment bodies, one file per digest. */
    public Path attachmentsDirectory() {
        return attachmentFiles.directory();
    }

    /** How many revision bodies are held, over all documents. */
    public synchronized int revisionCount() throws IOException {
        return (int) count("SELECT count(*) FROM revs WHERE available = 1", "counting revisions");
    }

    /** How many documents have a winner that is not deleted, as CouchDB's {@code doc_count}. */
    public synchronized long docCount() throws IOException {
        return count("SELECT count(*) FROM docs WHERE winner_deleted = 0", "counting documents");
    }

    /** How many documents are deleted (their winner is a tombstone), as CouchDB's {@code doc_del_count}. */
    public synchronized long deletedDocCount() throws IOException {
        return count("SELECT count(*) FROM docs WHERE winner_deleted = 1", "counting deleted documents");
    }

    /** The local update sequence: how many document changes this store has committed; 0 when empty. */
    public synchronized long updateSeq() throws IOException {
        return count("SELECT coalesce(max(seq), 0) FROM docs", "reading the update sequence");
    }

    /** The local seq of a document's latest change. */
    synchronized OptionalLong seqOf(String id) throws IOException {
        ensureOpen();
        try {
            docSeq.setString(1, id);
            try (ResultSet rs = docSeq.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw failure("reading the seq of " + id, e);
        }
    }

    /** The JSON body of a {@code _local/} document, if present. */
    @Override
    public synchronized Optional<String> getLocal(String id) throws IOException {
        requireLocal(id);
        ensureOpen();
        try {
            getLocal.setString(1, id);
            try (ResultSet rs = getLocal.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("reading " + id, e);
        }
    }

    /** Creates or replaces a {@code _local/} document with the given JSON object text, kept verbatim. */
    @Override
    public synchronized void putLocal(String id, String json) throws IOException {
        requireLocal(id);
        Objects.requireNonNull(json, "json");
        String trimmed = json.strip();
        if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) {
            throw new IllegalArgumentException("body of " + id + " is not a JSON object");
        }
        inWriteTransaction("writing " + id, () -> {
            putLocal.setString(1, id);
            putLocal.setString(2, json);
            putLocal.executeUpdate();
            return null;
        });
    }

    /** Removes a {@code _local/} document; returns whether it was there. */
    public synchronized boolean deleteLocal(String id) throws IOException {
        requireLocal(id);
        return inWriteTransaction("deleting " + id, () -> {
            deleteLocal.setString(1, id);
            return deleteLocal.executeUpdate() > 0;
        });
    }

    // ---- the store as a replication source ----

    /**
     * A page of this store's changes feed ({@code style=all_docs}, or the winners only), by local
     * sequence. A long poll waits until this store is written to, at most one heartbeat, and may
     * return no rows. Only {@code doc_ids} filters are understood.
     */
    @Override
    public synchronized ChangesBatch changes(ChangesRequest request) throws IOException {
        ensureOpen();
        try {
            ChangesBatch batch = changesQuery.read(request);
            if (batch.isEmpty() && request.feed() == ChangesRequest.Feed.LONGPOLL) {
                long since = ChangesQuery.since(request.since());
                long deadline = System.nanoTime() + request.heartbeat().toNanos();
                // Another process writing the file does not notify: the heartbeat bounds the wait for it.
                while (changesQuery.head() <= since && System.nanoTime() < deadline) {
                    wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                }
                batch = changesQuery.read(request);
            }
            return batch;
        } catch (SQLException e) {
            throw failure("reading the changes since " + request.since(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("waiting for changes in " + file + " was interrupted");
        }
    }

    /**
     * The requested revisions with their history and attachments: bodies (read from their files) for
     * those changed since the request's {@code attsSince}, stubs for the others. A revision whose body
     * is not held is not found.
     */
    @Override
    public synchronized FetchResult fetch(List<RevRequest> requests) throws IOException {
        return AttsSince.withBodies(FetchResult.fromHeld(requests, this::revision), requests,
                stub -> AttachmentBody.ofFile(attachmentFiles.fileOf(stub.digest()), stub.encodedLength()));
    }

    /** Closes the file; later calls fail, closing again does nothing. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writer.close();
            trees.close();
            List<PreparedStatement> statements = new ArrayList<>(changesQuery.statements());
            statements.addAll(List.of(winner, revision, leaves, docSeq, getLocal, putLocal, deleteLocal,
                    attachmentsOf, attachment));
            for (PreparedStatement s : statements) {
                s.close();
            }
            control.close();
            connection.close();
        } catch (SQLException e) {
            closeQuietly(connection);
            throw failure("closing", e);
        }
    }

    @Override
    public String toString() {
        return "SqliteStore[" + file + "]";
    }

    private interface SqlWork<T> {
        T run() throws SQLException, IOException;
    }

    /** Runs {@code work} in one write transaction; any failure rolls all of it back. */
    private <T> T inWriteTransaction(String what, SqlWork<T> work) throws IOException {
        ensureOpen();
        try {
            // IMMEDIATE takes the write lock up front, so a busy file waits here rather than failing at commit.
            control.execute("BEGIN IMMEDIATE");
        } catch (SQLException e) {
            throw failure(what, e);
        }
        boolean committed = false;
        try {
            T result = work.run();
            control.execute("COMMIT");
            committed = true;
            // Wakes a changes feed waiting for writes (a continuous push out of this store).
            notifyAll();
            return result;
        } catch (SQLException e) {
            throw failure(what, e);
        } finally {
            if (!committed) {
                rollback(what);
            }
        }
    }

    private void rollback(String what) {
        try {
            writer.clearBatches();
            control.execute("ROLLBACK");
        } catch (SQLException e) {
            log.warn("store {}: rollback after failed {} failed: {}", file, what, SqliteErrors.firstLine(e));
        }
    }

    private long count(String sql, String what) throws IOException {
        ensureOpen();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private Optional<DocRevision> firstRevision(PreparedStatement query) throws SQLException {
        try (ResultSet rs = query.executeQuery()) {
            return rs.next() ? Optional.of(revisionAt(rs)) : Optional.empty();
        }
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

    private static void requireLocal(String id) {
        Objects.requireNonNull(id, "id");
        if (!DocIds.isLocal(id)) {
            throw new IllegalArgumentException("not a _local document id: " + id);
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException(file + ": store is closed");
        }
    }

    private IOException failure(String what, SQLException e) {
        return new IOException(file + ": " + what + " failed: " + SqliteErrors.firstLine(e), e);
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // Already failing: the original exception is the one to report.
        }
    }

    // Local edits (io.couchrepl.edit): the application's own puts, deletes and reads, as CouchDB answers them.

    @Override
    public Rev put(String id, String json) throws DocException, IOException {
        DocEdit edit = DocEdit.parse(id, json);
        return edit("putting " + id, id, tree -> LocalEdit.put(tree, edit));
    }

    @Override
    public Rev delete(String id, Rev rev) throws DocException, IOException {
        DocEdit.checkId(id);
        return edit("deleting " + id + " " + rev, id, tree -> LocalEdit.delete(tree, id, rev));
    }

    @Override
    public synchronized DocRevision get(String id) throws DocException, IOException {
        DocEdit.checkId(id);
        return DocReads.get(id, treeOf(id), this::revision);
    }

    @Override
    public synchronized DocRevision get(String id, Rev rev) throws DocException, IOException {
        DocEdit.checkId(id);
        return DocReads.get(id, rev, this::revision);
    }

    @Override
    public synchronized List<DocRevision> openRevs(String id) throws DocException, IOException {
        DocEdit.checkId(id);
        return DocReads.openRevs(id, treeOf(id), this::revision);
    }

    @Override
    public synchronized List<Rev> conflicts(String id) throws DocException, IOException {
        DocEdit.checkId(id);
        return DocReads.conflicts(id, treeOf(id));
    }

    private interface TreeEdit {
        DocRevision apply(RevTree tree) throws DocException;
    }

    /**
     * Loads the document's tree, decides the edit and writes its revision through the replicated-write
     * path, all in one IMMEDIATE transaction: no other process can edit the document in between. A
     * refused edit writes nothing.
     */
    private synchronized Rev edit(String what, String id, TreeEdit edit) throws DocException, IOException {
        DocException[] refused = new DocException[1];
        Rev rev = inWriteTransaction(what, () -> {
            DocRevision revision;
            try {
                revision = edit.apply(loadTree(id));
            } catch (DocException e) {
                refused[0] = e;
                return null;
            }
            writer.write(List.of(revision));
            return revision.rev();
        });
        if (refused[0] != null) {
            throw refused[0];
        }
        return rev;
    }

    private RevTree treeOf(String id) throws IOException {
        ensureOpen();
        try {
            return loadTree(id);
        } catch (SQLException e) {
            throw failure("reading the revision tree of " + id, e);
        }
    }

    private RevTree loadTree(String id) throws SQLException {
        DocTrees.Loaded loaded = trees.load(List.of(id)).get(id);
        return loaded == null ? new RevTree() : loaded.tree();
    }
}
