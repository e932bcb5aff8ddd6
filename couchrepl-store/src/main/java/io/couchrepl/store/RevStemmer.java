package io.couchrepl.store;

import io.couchrepl.protocol.Rev;
import io.couchrepl.tree.RevTree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Stems a revision tree to {@code revs_limit} exactly as CouchDB's {@code couch_key_tree:stem/2}
 * does on every update and at compaction: a revision stays when it is one of the {@code limit}
 * newest revisions on the path of some leaf (it is fewer than {@code limit} steps above a leaf);
 * the others go, and a kept revision whose parent went becomes a root. So a branch may split in two
 * when its common ancestor is stemmed away, as in CouchDB, and a revision that no leaf descends from
 * goes too.
 */
final class RevStemmer {

    /** The stemmed tree, the revisions it dropped, and the kept ones that became roots. */
    record Stemmed(RevTree tree, Set<Rev> removed, List<RevTree.Node> rerooted) {}

    private RevStemmer() {}

    /** The tree stemmed to {@code limit}; empty when nothing goes. */
    static Optional<Stemmed> stem(RevTree tree, int limit) {
        if (tree.nodes().size() <= limit) {
            // No path is longer than the number of nodes: nothing can be more than limit - 1 steps up.
            return Optional.empty();
        }
        Map<Rev, RevTree.Node> byRev = new HashMap<>();
        for (RevTree.Node node : tree.nodes()) {
            byRev.put(node.rev(), node);
        }
        // The fewest steps from each node down to a leaf, walking up from every leaf at most limit - 1 steps.
        Map<Rev, Integer> nearestLeaf = new HashMap<>();
        for (RevTree.Node leaf : tree.leaves()) {
            RevTree.Node node = leaf;
            for (int steps = 0; node != null && steps < limit; steps++) {
                Integer known = nearestLeaf.get(node.rev());
                if (known != null && known <= steps) {
                    break; // another leaf reaches this node and all above it as closely
                }
                nearestLeaf.put(node.rev(), steps);
                node = node.parent() == null ? null : byRev.get(node.parent());
            }
        }
        if (nearestLeaf.size() == byRev.size()) {
            return Optional.empty();
        }
        Set<Rev> removed = new HashSet<>(byRev.keySet());
        removed.removeAll(nearestLeaf.keySet());
        List<RevTree.Node> kept = new ArrayList<>(nearestLeaf.size());
        List<RevTree.Node> rerooted = new ArrayList<>();
        for (Rev rev : nearestLeaf.keySet()) {
            RevTree.Node node = byRev.get(rev);
            if (node.parent() != null && removed.contains(node.parent())) {
                node = new RevTree.Node(node.rev(), null, node.deleted(), node.leaf(), node.available());
                rerooted.add(node);
            }
            kept.add(node);
        }
        return Optional.of(new Stemmed(RevTree.of(kept), removed, rerooted));
    }

    /** How many revisions the path from {@code leaf} up to its root holds: its {@code _revisions} at most. */
    static int pathLength(RevTree tree, Rev leaf) {
        int length = 0;
        Optional<RevTree.Node> node = tree.node(leaf);
        while (node.isPresent()) {
            length++;
            Rev parent = node.get().parent();
            node = parent == null ? Optional.empty() : tree.node(parent);
        }
        return length;
    }
}
