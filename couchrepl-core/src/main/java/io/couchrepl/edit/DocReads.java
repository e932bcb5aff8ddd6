package io.couchrepl.edit;

import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import io.couchrepl.spi.NotFoundException;
import io.couchrepl.tree.RevTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers reads of one document as CouchDB answers {@code GET /db/id}, {@code ?rev=},
 * {@code ?open_revs=all} and {@code ?conflicts=true}: which revisions, from the document's tree,
 * and their bodies from the store. Stateless.
 */
public final class DocReads {

    /** How a store reads the body of one revision it holds; {@code E} is what its reads throw. */
    @FunctionalInterface
    public interface Bodies<E extends Exception> {
        Optional<DocRevision> revision(String id, Rev rev) throws E;
    }

    private DocReads() {}

    /**
     * The winning revision, for {@code GET /db/id}.
     *
     * @throws NotFoundException {@code missing} for an unknown document, {@code deleted} when the
     *     winner is a tombstone
     */
    public static <E extends Exception> DocRevision get(String id, RevTree tree, Bodies<E> bodies)
            throws NotFoundException, E {
        return get(id, winner(id, tree), bodies);
    }

    /** A given revision, for {@code GET /db/id?rev=}: {@code missing} unless its body is held. */
    public static <E extends Exception> DocRevision get(String id, Rev rev, Bodies<E> bodies)
            throws NotFoundException, E {
        Optional<DocRevision> revision = bodies.revision(id, rev);
        if (revision.isEmpty()) {
            throw NotFoundException.missing(id, "no revision " + rev + " of " + id);
        }
        return revision.get();
    }

    /** Every leaf, deleted ones included, in CouchDB's {@code open_revs=all} order (generation, then hash). */
    public static <E extends Exception> List<DocRevision> openRevs(String id, RevTree tree, Bodies<E> bodies)
            throws NotFoundException, E {
        List<Rev> leaves = new ArrayList<>();
        for (RevTree.Node leaf : tree.leaves()) {
            leaves.add(leaf.rev());
        }
        if (leaves.isEmpty()) {
            throw NotFoundException.missing(id, "no document " + id);
        }
        leaves.sort(null);
        List<DocRevision> revisions = new ArrayList<>(leaves.size());
        for (Rev leaf : leaves) {
            revisions.add(get(id, leaf, bodies));
        }
        return revisions;
    }

    /**
     * The live leaves that lose to the winner, in the winner's order, as {@code _conflicts} lists
     * them; empty when the document has no conflict.
     *
     * @throws NotFoundException as {@link #get(String, RevTree, Bodies)}
     */
    public static List<Rev> conflicts(String id, RevTree tree) throws NotFoundException {
        Rev winner = winner(id, tree);
        List<Rev> conflicts = new ArrayList<>();
        for (RevTree.Node leaf : tree.leaves()) {
            if (!leaf.deleted() && !leaf.rev().equals(winner)) {
                conflicts.add(leaf.rev());
            }
        }
        return conflicts;
    }

    /** The live winner's revision: {@code missing} or {@code deleted} otherwise. */
    static Rev winner(String id, RevTree tree) throws NotFoundException {
        RevTree.Node winner = tree.winner().orElseThrow(() -> NotFoundException.missing(id, "no document " + id));
        if (winner.deleted()) {
            throw NotFoundException.deleted(id, id + " has " + LocalEdit.describe(tree.leaves()));
        }
        return winner.rev();
    }
}
