package io.couchrepl.store;

import io.couchrepl.protocol.Rev;
import io.couchrepl.tree.RevTree;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Loads the revision trees of a batch of documents in one query, for {@code _revs_diff} and writes. */
final class DocTrees {

    /** A stored document's row key and its revision tree. */
    record Loaded(long docKey, RevTree tree) {}

    // CROSS JOIN keeps json_each as the outer loop, so each asked id is one index probe into docs.
    private static final String NODES_OF = """
            SELECT d.id, d.doc_key, r.rev, r.parent, r.deleted, r.leaf, r.available
            FROM json_each(?) AS j
            CROSS JOIN docs AS d ON d.id = j.value
            LEFT JOIN revs AS r ON r.doc_key = d.doc_key""";

    private final PreparedStatement nodesOf;

    DocTrees(Connection connection) throws SQLException {
        this.nodesOf = connection.prepareStatement(NODES_OF);
    }

    /** The stored documents among {@code ids}; ids the store has never seen are absent from the map. */
    Map<String, Loaded> load(Collection<String> ids) throws SQLException {
        Map<String, Long> keys = new HashMap<>();
        Map<String, List<RevTree.Node>> nodes = new HashMap<>();
        if (ids.isEmpty()) {
            return Map.of();
        }
        nodesOf.setString(1, JsonStringList.write(ids));
        try (ResultSet rs = nodesOf.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString(1);
                keys.put(id, rs.getLong(2));
                List<RevTree.Node> ofDoc = nodes.computeIfAbsent(id, k -> new ArrayList<>());
                String rev = rs.getString(3);
                if (rev == null) {
                    continue;
                }
                String parent = rs.getString(4);
                ofDoc.add(new RevTree.Node(
                        Rev.parse(rev),
                        parent == null ? null : Rev.parse(parent),
                        rs.getInt(5) != 0,
                        rs.getInt(6) != 0,
                        rs.getInt(7) != 0));
            }
        }
        Map<String, Loaded> loaded = new HashMap<>(keys.size() * 2);
        keys.forEach((id, key) -> loaded.put(id, new Loaded(key, RevTree.of(nodes.get(id)))));
        return loaded;
    }

    void close() throws SQLException {
        nodesOf.close();
    }
}
