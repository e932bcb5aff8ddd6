package io.couchrepl.tree;

import io.couchrepl.protocol.MissingRevs;
import io.couchrepl.protocol.Rev;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code _revs_diff} as CouchDB answers it, over any store's revision trees: for each document, the
 * asked revisions its tree lacks and the leaves they may descend from; a document with nothing
 * missing is left out.
 */
public final class RevsDiff {

    private RevsDiff() {}

    /**
     * @param asked  the revisions asked about, by document id, in the order to answer
     * @param treeOf the tree a store holds for a document id, or null when it holds none
     */
    public static Map<String, MissingRevs> of(Map<String, List<Rev>> asked, Function<String, RevTree> treeOf) {
        Map<String, MissingRevs> result = new LinkedHashMap<>();
        asked.forEach((id, revs) -> {
            RevTree held = treeOf.apply(id);
            RevTree tree = held == null ? new RevTree() : held;
            List<Rev> missing = tree.missing(revs);
            if (!missing.isEmpty()) {
                result.put(id, new MissingRevs(id, missing, tree.possibleAncestors(missing)));
            }
        });
        return result;
    }
}
