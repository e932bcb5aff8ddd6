package io.couchrepl.edit;

import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import io.couchrepl.spi.ConflictException;
import io.couchrepl.spi.NotFoundException;
import io.couchrepl.tree.RevTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides what an edit of a document makes, as CouchDB 3.5 decides an interactive ({@code new_edits=true})
 * update: the new revision, child of a current leaf, with CouchDB's revision id and its history; or a
 * conflict. Both stores call it with the document's tree under their write lock, then write the
 * revision through their replicated-write path. Never changes the tree it is given. Stateless.
 *
 * <p>The rules ({@code couch_db:prep_and_validate_update}, {@code couch_db_updater:merge_rev_tree}):
 * <ul>
 *   <li>a new document takes no {@code _rev};
 *   <li>an update names a current leaf, live or deleted, as {@code _rev}; editing a losing leaf is
 *       allowed (deleting it is how a conflict is resolved);
 *   <li>a document whose winner is live refuses an edit without {@code _rev};
 *   <li>a document whose every leaf is deleted is re-created by a live put without {@code _rev}: the
 *       new revision extends the winning tombstone's branch; any edit naming a {@code _rev} is refused.
 * </ul>
 * One deliberate difference: CouchDB accepts a {@code _rev} for a document it does not hold, making
 * a revision whose parent it never had; this refuses it as a conflict.
 */
public final class LocalEdit {

    /** CouchDB's default {@code _revs_limit}: the most ancestors a revision's history carries. */
    static final int REVS_LIMIT = 1000;

    private LocalEdit() {}

    /** The revision a {@code PUT} of {@code edit} makes on a document whose tree is {@code tree} (empty if unknown). */
    public static DocRevision put(RevTree tree, DocEdit edit) throws ConflictException {
        String id = edit.id();
        List<RevTree.Node> leaves = tree.leaves();
        if (leaves.isEmpty()) {
            if (edit.parent().isPresent()) {
                throw conflict(edit, leaves, id + " does not exist; put it without _rev to create it");
            }
            return revision(tree, edit, Optional.empty());
        }
        RevTree.Node winner = leaves.get(0);
        if (winner.deleted()) {
            if (edit.parent().isPresent()) {
                throw conflict(edit, leaves, "it is deleted; put it without _rev to create it again");
            }
            if (edit.deleted()) {
                throw conflict(edit, leaves, "it is deleted already");
            }
            // CouchDB re-creates on the winning tombstone's branch rather than starting a second root.
            return revision(tree, edit, Optional.of(winner.rev()));
        }
        if (edit.parent().isEmpty()) {
            throw conflict(edit, leaves, "name the leaf you edit as _rev");
        }
        Rev parent = edit.parent().get();
        if (tree.node(parent).filter(RevTree.Node::leaf).isEmpty()) {
            throw conflict(edit, leaves, "_rev " + parent + (tree.contains(parent) ? " is not a leaf" : " is unknown"));
        }
        return revision(tree, edit, Optional.of(parent));
    }

    /**
     * The tombstone a {@code DELETE} of leaf {@code rev} makes.
     *
     * @throws NotFoundException when the document is missing or already deleted: CouchDB's
     *     {@code DELETE} opens the document first
     */
    public static DocRevision delete(RevTree tree, String id, Rev rev) throws ConflictException, NotFoundException {
        DocReads.winner(id, tree);
        return put(tree, DocEdit.deletion(id, rev));
    }

    private static DocRevision revision(RevTree tree, DocEdit edit, Optional<Rev> parent) {
        Rev rev = RevisionHasher.next(parent, edit.deleted(), edit.body(), List.of());
        List<String> history = new ArrayList<>();
        history.add(rev.hash());
        for (Optional<RevTree.Node> n = parent.flatMap(tree::node); n.isPresent() && history.size() < REVS_LIMIT;
                n = Optional.ofNullable(n.get().parent()).flatMap(tree::node)) {
            history.add(n.get().rev().hash());
        }
        return new DocRevision(edit.id(), rev, edit.deleted(), history, edit.bodyJson());
    }

    private static ConflictException conflict(DocEdit edit, List<RevTree.Node> leaves, String advice) {
        String held = leaves.isEmpty() ? "" : edit.id() + " has " + describe(leaves) + "; ";
        return new ConflictException(edit.id(), edit.parent(), leaves.stream().map(RevTree.Node::rev).toList(),
                held + advice);
    }

    /** {@code leaf 2-abc} or {@code leaves 3-abc, 2-def (deleted)}, winner first. */
    static String describe(List<RevTree.Node> leaves) {
        return (leaves.size() == 1 ? "leaf " : "leaves ") + leaves.stream()
                .map(n -> n.rev() + (n.deleted() ? " (deleted)" : ""))
                .collect(Collectors.joining(", "));
    }
}
