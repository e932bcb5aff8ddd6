package io.couchrepl.memory;

import io.couchrepl.protocol.DocIds;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.MissingRevs;
import io.couchrepl.protocol.Rev;
import io.couchrepl.checkpoint.ReplicationLogJson;
import io.couchrepl.spi.Checkpoint;
import io.couchrepl.spi.LocalDocuments;
import io.couchrepl.spi.Target;
import io.couchrepl.spi.WriteResult;
import io.couchrepl.tree.RevTree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A store held in memory: every revision body, the revision tree of each document, its leaves and
 * winner, tombstones, and {@code _local} documents (where its replication logs live). Lost when the
 * process ends. Thread-safe.
 */
public final class MemoryStore implements Target, LocalDocuments {

    private final String identity;
    private final Map<String, Doc> docs = new TreeMap<>(DocIds::compareCodePoints);
    private final Map<String, String> localDocs = new HashMap<>();

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
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public synchronized Map<String, MissingRevs> revsDiff(Map<String, List<Rev>> revs) {
        Map<String, MissingRevs> result = new LinkedHashMap<>();
        revs.forEach((id, asked) -> {
            Doc doc = docs.get(id);
            RevTree tree = doc == null ? new RevTree() : doc.tree;
            List<Rev> missing = tree.missing(asked);
            if (!missing.isEmpty()) {
                result.put(id, new MissingRevs(id, missing, tree.possibleAncestors(missing)));
            }
        });
        return result;
    }

    @Override
    public synchronized WriteResult writeDocs(List<DocRevision> revisions) {
        for (DocRevision revision : revisions) {
            if (DocIds.isLocal(revision.id())) {
                throw new IllegalArgumentException("_local documents are not replicated: " + revision.id());
            }
            Doc doc = docs.computeIfAbsent(revision.id(), id -> new Doc());
            RevTree.Merge merge = doc.tree.merge(revision.path(), revision.deleted());
            if (!merge.alreadyHeld()) {
                doc.revisions.put(revision.rev(), revision);
            }
        }
        return WriteResult.ok();
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

    @Override
    public void close() {}
}
