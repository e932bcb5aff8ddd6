package io.couchrepl.memory;

import io.couchrepl.protocol.Change;
import io.couchrepl.protocol.ChangesBatch;
import io.couchrepl.protocol.ChangesFilter;
import io.couchrepl.protocol.ChangesRequest;
import io.couchrepl.attachments.AttachmentIntake;
import io.couchrepl.attachments.AttsSince;
import io.couchrepl.protocol.Attachment;
import io.couchrepl.protocol.AttachmentBody;
import io.couchrepl.protocol.DocIds;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.MissingRevs;
import io.couchrepl.protocol.FetchResult;
import io.couchrepl.protocol.Rev;
import io.couchrepl.protocol.RevRequest;
import io.couchrepl.protocol.Seq;
import io.couchrepl.checkpoint.ReplicationLogJson;
import io.couchrepl.edit.DocEdit;
import io.couchrepl.edit.DocReads;
import io.couchrepl.edit.LocalEdit;
import io.couchrepl.spi.Checkpoint;
import io.couchrepl.spi.ConflictException;
import io.couchrepl.spi.LocalDocuments;
import io.couchrepl.spi.LocalEdits;
import io.couchrepl.spi.NotFoundException;
import io.couchrepl.spi.Source;
import io.couchrepl.spi.Target;
import io.couchrepl.spi.WriteResult;
import io.couchrepl.tree.RevTree;
import io.couchrepl.tree.RevsDiff;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InterruptedIOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A store held in memory: the revision tree of each document, the bodies of its leaves, its
 * winner, tombstones, attachment bodies (once per digest), and {@code _local} documents (where its
 * replication logs live). Lost when the process ends. The application can also read and edit it as a
 * database ({@link LocalEdits}). Thread-safe.
 */
public final class MemoryStore implements Target, Source, LocalDocuments, LocalEdits {

    private final String identity;
    private final Map<String, Doc> docs = new TreeMap<>(DocIds::compareCodePoints);
    private final Map<String, String> localDocs = new HashMap<>();
    /** Document ids by the local sequence of their latest change: the changes feed. */
    private final TreeMap<Long, String> bySeq = new TreeMap<>();
    private long updateSeq;
    private final Map<String, KeptBody> bodies = new HashMap<>();
    /** How many held revisions name each body. */
    private final Map<String, Integer> references = new HashMap<>();
    private final Set<String> unreferenced = new HashSet<>();

    /** The bytes of one digest, as stored (encoded when {@code encoding} says so). */
    private record KeptBody(String encoding, byte[] bytes) {}

    /** A store with a name of its own, never the same as another's. */
    public MemoryStore() {
        this("memory-" + UUID.randomUUID());
    }

    /** A store named by the caller: stores of the same name are the same replication target. */
    public MemoryStore(String name) {
        this.identity = "memory:" + name;
    }

    private static final class Doc {
        final RevTree tree = new RevTree();
        final Map<Rev, DocRevision> revisions = new HashMap<>();
        long seq;
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public synchronized Map<String, MissingRevs> revsDiff(Map<String, List<Rev>> revs) {
        return RevsDiff.of(revs, id -> {
            Doc doc = docs.get(id);
            return doc == null ? null : doc.tree;
        });
    }

    /**
     * Stores the revisions; one whose attachments do not match their digests, or name a body this
     * store lacks, is refused and listed in the result, the others are written.
     */
    @Override
    public synchronized WriteResult writeDocs(List<DocRevision> revisions) throws IOException {
        List<WriteResult.Failure> failures = new ArrayList<>();
        for (DocRevision revision : revisions) {
            if (DocIds.isLocal(revision.id())) {
                throw new IllegalArgumentException("_local documents are not replicated: " + revision.id());
            }
            Doc existing = docs.get(revision.id());
            if (existing != null && existing.tree.contains(revision.rev())) {
                continue; // as CouchDB: a revision the tree knows, even as an ancestor, is not written again
            }
            Staging staging = new Staging();
            AttachmentIntake.Outcome outcome = AttachmentIntake.take(revision, staging);
            if (!outcome.accepted()) {
                failures.add(outcome.refusal().orElseThrow());
                continue;
            }
            bodies.putAll(staging.staged);
            Doc doc = docs.computeIfAbsent(revision.id(), id -> new Doc());
            RevTree.Merge merge = doc.tree.merge(revision.path(), revision.deleted());
            if (!merge.alreadyHeld()) {
                // Only leaves keep a body, as in CouchDB after compaction.
                for (RevTree.Node node : merge.changed()) {
                    if (!node.leaf()) {
                        release(doc, node.rev());
                    }
                }
                hold(doc, revision.withAttachments(outcome.stubs()));
                bySeq.remove(doc.seq);
                doc.seq = ++updateSeq;
                bySeq.put(doc.seq, revision.id());
            }
        }
        // As the durable store, a body lets go at the end of the batch: a later revision of the batch may still name it.
        for (String digest : unreferenced) {
            if (!references.containsKey(digest)) {
                bodies.remove(digest);
            }
        }
        unreferenced.clear();
        notifyAll();
        return new WriteResult(failures);
    }

    private void hold(Doc doc, DocRevision revision) {
        doc.revisions.put(revision.rev(), revision);
        revision.attachments().forEach(a -> references.merge(a.digest(), 1, Integer::sum));
    }

    /** A revision that is no longer a leaf loses its body; an attachment body goes with the last revision naming it. */
    private void release(Doc doc, Rev rev) {
        DocRevision released = doc.revisions.remove(rev);
        if (released == null) {
            return;
        }
        for (Attachment attachment : released.attachments()) {
            references.computeIfPresent(attachment.digest(), (digest, count) -> count == 1 ? null : count - 1);
            unreferenced.add(attachment.digest());
        }
    }

    /** Bodies of one revision, kept aside until the intake accepts it. */
    private final class Staging implements AttachmentIntake.Keeper {
        final Map<String, KeptBody> staged = new HashMap<>();

        @Override
        public Optional<AttachmentIntake.Kept> kept(String digest) {
            KeptBody body = bodies.get(digest);
            return body == null ? Optional.empty()
                    : Optional.of(new AttachmentIntake.Kept(body.encoding(), body.bytes().length));
        }

        @Override
        public void stage(Attachment attachment, InputStream bytes) throws IOException {
            staged.put(attachment.digest(), new KeptBody(attachment.encoding(), bytes.readAllBytes()));
        }

        @Override
        public void discardStaged() {
            staged.clear();
        }
    }

    @Override
    public synchronized Optional<Checkpoint> readCheckpoint(String replicationId) throws IOException {
        String json = localDocs.get(Checkpoint.localId(replicationId));
        return json == null ? Optional.empty() : Optional.of(ReplicationLogJson.parse(replicationId, json));
    }

    @Override
    public synchronized void writeCheckpoint(Checkpoint checkpoint) {
        localDocs.put(checkpoint.localId(), ReplicationLogJson.toJson(checkpoint));
    }

    @Override
    public synchronized Optional<String> getLocal(String id) {
        return Optional.ofNullable(localDocs.get(requireLocal(id)));
    }

    @Override
    public synchronized void putLocal(String id, String json) {
        localDocs.put(requireLocal(id), json);
    }

    private static String requireLocal(String id) {
        if (!DocIds.isLocal(id)) {
            throw new IllegalArgumentException("not a _local document id: " + id);
        }
        return id;
    }

    /** Every leaf revision, deleted ones included, sorted by id then rev. */
    public synchronized List<DocRevision> leaves() {
        List<DocRevision> leaves = new ArrayList<>();
        for (Doc doc : docs.values()) {
            List<DocRevision> ofDoc = new ArrayList<>();
            for (RevTree.Node leaf : doc.tree.leaves()) {
                ofDoc.add(doc.revisions.get(leaf.rev()));
            }
            ofDoc.sort(Comparator.comparing(r -> r.rev().toString(), DocIds::compareCodePoints));
            leaves.addAll(ofDoc);
        }
        return leaves;
    }

    /** The winning revision of a document, as CouchDB would answer {@code GET /db/id}, tombstones included. */
    public synchronized Optional<DocRevision> winner(String id) {
        Doc doc = docs.get(id);
        if (doc == null) {
            return Optional.empty();
        }
        return doc.tree.winner().map(node -> doc.revisions.get(node.rev()));
    }

    /** A given revision of a document, if its body is held. */
    public synchronized Optional<DocRevision> revision(String id, Rev rev) {
        Doc doc = docs.get(id);
        return doc == null ? Optional.empty() : Optional.ofNullable(doc.revisions.get(rev));
    }

    /** How many revision bodies are held, over all documents. */
    public synchronized int revisionCount() {
        return docs.values().stream().mapToInt(d -> d.revisions.size()).sum();
    }

    /**
     * An attachment of a revision with its bytes as stored (gzip when its encoding says so), if this
     * store holds that revision and it has an attachment of that name.
     */
    public synchronized Optional<Attachment> attachment(String id, Rev rev, String name) {
        return revision(id, rev).flatMap(revision -> revision.attachments().stream()
                .filter(a -> a.name().equals(name))
                .findFirst()
                .map(a -> a.withBody(AttachmentBody.of(bodies.get(a.digest()).bytes()))));
    }

    /** How many attachment bodies are kept: one per digest, however many revisions share it. */
    public synchronized int attachmentBodyCount() {
        return bodies.size();
    }

    // ---- the store as a replication source ----

    /**
     * A page of this store's changes feed by local sequence (its own whole numbers), each document
     * with its leaves, the winner first. A long poll waits for a write, at most one heartbeat. Only
     * {@code doc_ids} filters are understood.
     */
    @Override
    public synchronized ChangesBatch changes(ChangesRequest request) throws IOException {
        long since = since(request.since());
        if (request.filter().isPresent() && !(request.filter().get() instanceof ChangesFilter.DocIds)) {
            throw new IOException("a local store filters only by doc_ids; other filters need a server");
        }
        Set<String> only = request.filter().map(f -> (Set<String>) new HashSet<>(((ChangesFilter.DocIds) f).ids()))
                .orElse(null);
        if (request.feed() == ChangesRequest.Feed.LONGPOLL && updateSeq <= since) {
            try {
                wait(Math.max(1, request.heartbeat().toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("waiting for changes was interrupted");
            }
        }
        List<Change> changes = new ArrayList<>();
        long last = since;
        long pending = 0;
        for (Map.Entry<Long, String> entry : bySeq.tailMap(since, false).entrySet()) {
            if (only != null && !only.contains(entry.getValue())) {
                continue;
            }
            if (changes.size() == request.limit()) {
                pending++;
                continue;
            }
            Doc doc = docs.get(entry.getValue());
            List<Rev> revs = doc.tree.leaves().stream().map(RevTree.Node::rev).toList();
            boolean deleted = doc.tree.winner().orElseThrow().deleted();
            changes.add(new Change(new Seq(Long.toString(entry.getKey())), entry.getValue(),
                    request.winningRevsOnly() ? revs.subList(0, 1) : revs, deleted));
            last = entry.getKey();
        }
        if (changes.size() < request.limit()) {
            last = updateSeq;
        }
        return new ChangesBatch(changes, new Seq(Long.toString(last)), OptionalLong.of(pending));
    }

    private static long since(Seq since) throws IOException {
        try {
            long value = Long.parseLong(since.json());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // not one of ours
        }
        throw new IOException("since " + since + " is not a sequence of this store (its sequences are whole numbers)");
    }

    /**
     * The requested revisions with their history and attachments: bodies for those changed since the
     * request's {@code attsSince}, stubs for the others. A revision whose body is not held is not found.
     */
    @Override
    public synchronized FetchResult fetch(List<RevRequest> requests) throws IOException {
        return AttsSince.withBodies(FetchResult.fromHeld(requests, this::revision), requests,
                stub -> AttachmentBody.of(bodies.get(stub.digest()).bytes()));
    }

    @Override
    public void close() {}

    // Local edits (io.couchrepl.edit): the application's own puts, deletes and reads, as CouchDB answers them.

    @Override
    public Rev put(String id, String json) throws ConflictException {
        DocEdit edit = DocEdit.parse(id, json);
        synchronized (this) {
            return write(LocalEdit.put(treeOf(id), edit));
        }
    }

    @Override
    public synchronized Rev delete(String id, Rev rev) throws ConflictException, NotFoundException {
        DocEdit.checkId(id);
        return write(LocalEdit.delete(treeOf(id), id, rev));
    }

    @Override
    public synchronized DocRevision get(String id) throws NotFoundException {
        DocEdit.checkId(id);
        return DocReads.get(id, treeOf(id), this::revision);
    }

    @Override
    public synchronized DocRevision get(String id, Rev rev) throws NotFoundException {
        DocEdit.checkId(id);
        return DocReads.get(id, rev, this::revision);
    }

    @Override
    public synchronized List<DocRevision> openRevs(String id) throws NotFoundException {
        DocEdit.checkId(id);
        return DocReads.openRevs(id, treeOf(id), this::revision);
    }

    @Override
    public synchronized List<Rev> conflicts(String id) throws NotFoundException {
        DocEdit.checkId(id);
        return DocReads.conflicts(id, treeOf(id));
    }

    /** A local edit is stored as any revision is: the same merge, so a replication carries it on. */
    private Rev write(DocRevision revision) {
        try {
            writeDocs(List.of(revision));
        } catch (IOException e) {
            // Only attachment bodies are read while writing, and a local edit has none.
            throw new UncheckedIOException(e);
        }
        return revision.rev();
    }

    private RevTree treeOf(String id) {
        Doc doc = docs.get(id);
        return doc == null ? new RevTree() : doc.tree;
    }
}
