package io.couchrepl.tree;

import io.couchrepl.protocol.Rev;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The revision tree of one document: every known revision, its parent, whether it is a leaf, whether
 * it is deleted and whether its body is held.
 *
 * <p>This is the single place that merges replicated revisions ({@code new_edits=false}) and picks
 * the winner; both stores load a document's nodes into it, merge, and persist what changed. Not
 * thread-safe: one document, one writer.
 */
public final class RevTree {

    /**
     * One revision in the tree. {@code available} is false for an ancestor known only from a
     * descendant's {@code _revisions} (CouchDB's "missing" in {@code _revs_info}).
     */
    public record Node(Rev rev, Rev parent, boolean deleted, boolean leaf, boolean available) {}

    /** What one merge changed: nothing when the revision was already held. */
    public record Merge(boolean alreadyHeld, List<Node> added, List<Node> changed) {
        public boolean changedAnything() {
            return !added.isEmpty() || !changed.isEmpty();
        }
    }

    /**
     * CouchDB's winner: non-deleted leaves before deleted ones, then the highest generation, then
     * the highest hash.
     */
    public static final Comparator<Node> WINNER_FIRST = Comparator.comparing((Node n) -> !n.deleted())
            .thenComparing(Node::rev)
            .reversed();

    private final Map<Rev, Node> nodes = new HashMap<>();

    public RevTree() {}

    public static RevTree of(Collection<Node> nodes) {
        RevTree tree = new RevTree();
        for (Node node : nodes) {
            tree.nodes.put(node.rev(), node);
        }
        return tree;
    }

    public boolean contains(Rev rev) {
        return nodes.containsKey(rev);
    }

    public Optional<Node> node(Rev rev) {
        return Optional.ofNullable(nodes.get(rev));
    }

    public boolean isEmpty() {
        return nodes.isEmpty();
    }

    public Collection<Node> nodes() {
        return nodes.values();
    }

    /**
     * Merges a replicated revision given by its path (the revision first, then its ancestors, as in
     * {@code _revisions}). Idempotent: merging a held revision again changes nothing.
     */
    public Merge merge(List<Rev> path, boolean deleted) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("a revision path must not be empty");
        }
        Rev rev = path.get(0);
        Node existing = nodes.get(rev);
        if (existing != null && existing.available()) {
            return new Merge(true, List.of(), List.of());
        }
        List<Node> added = new ArrayList<>();
        List<Node> changed = new ArrayList<>();
        if (existing != null) {
            // Known so far only as someone's ancestor: the body arrives now, its place in the tree stays.
            Node filled = new Node(rev, existing.parent(), deleted, existing.leaf(), true);
            nodes.put(rev, filled);
            changed.add(filled);
            return new Merge(false, added, changed);
        }
        for (int i = path.size() - 1; i >= 0; i--) {
            Rev current = path.get(i);
            Rev parent = i + 1 < path.size() ? path.get(i + 1) : null;
            Node known = nodes.get(current);
            if (known != null) {
                if (known.parent() == null && parent != null) {
                    // A root left by stemming (or a short _revisions) whose parent this path names:
                    // CouchDB's merge joins the two, and so does this tree.
                    Node joined = new Node(known.rev(), parent, known.deleted(), known.leaf(), known.available());
                    nodes.put(current, joined);
                    changed.add(joined);
                    demoteParent(parent, added, changed);
                }
                continue;
            }
            boolean isNew = i == 0;
            // Ancestors added here are inner nodes known only by id; the new revision is a leaf.
            Node node = isNew
                    ? new Node(current, parent, deleted, true, true)
                    : new Node(current, parent, false, false, false);
            nodes.put(current, node);
            added.add(node);
            if (parent != null) {
                demoteParent(parent, added, changed);
            }
        }
        return new Merge(false, added, changed);
    }

    /** A leaf that gets a child is a leaf no more. */
    private void demoteParent(Rev parent, List<Node> added, List<Node> changed) {
        Node parentNode = nodes.get(parent);
        if (parentNode != null && parentNode.leaf()) {
            Node inner = new Node(parentNode.rev(), parentNode.parent(), parentNode.deleted(), false,
                    parentNode.available());
            nodes.put(parent, inner);
            if (!replaceIn(added, inner) && !replaceIn(changed, inner)) {
                changed.add(inner);
            }
        }
    }

    private static boolean replaceIn(List<Node> list, Node node) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).rev().equals(node.rev())) {
                list.set(i, node);
                return true;
            }
        }
        return false;
    }

    /** The leaves, winner first. */
    public List<Node> leaves() {
        List<Node> leaves = new ArrayList<>();
        for (Node node : nodes.values()) {
            if (node.leaf()) {
                leaves.add(node);
            }
        }
        leaves.sort(WINNER_FIRST);
        return leaves;
    }

    /** The winning leaf, as CouchDB chooses it; empty for an empty tree. */
    public Optional<Node> winner() {
        List<Node> leaves = leaves();
        return leaves.isEmpty() ? Optional.empty() : Optional.of(leaves.get(0));
    }

    /** Of the given revisions, those this tree does not know. */
    public List<Rev> missing(Collection<Rev> revs) {
        List<Rev> missing = new ArrayList<>();
        for (Rev rev : revs) {
            if (!nodes.containsKey(rev) && !missing.contains(rev)) {
                missing.add(rev);
            }
        }
        missing.sort(Comparator.naturalOrder());
        return missing;
    }

    /**
     * Leaves of a lower generation than some missing revision: what CouchDB offers as
     * {@code possible_ancestors} so attachments they already hold need not be sent again.
     */
    public List<Rev> possibleAncestors(Collection<Rev> missing) {
        int highest = missing.stream().mapToInt(Rev::pos).max().orElse(0);
        List<Rev> ancestors = new ArrayList<>();
        for (Node node : nodes.values()) {
            if (node.leaf() && node.rev().pos() < highest) {
                ancestors.add(node.rev());
            }
        }
        ancestors.sort(Comparator.naturalOrder());
        return ancestors;
    }
}
