package io.couchrepl.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.protocol.Rev;
import io.couchrepl.tree.RevTree;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** CouchDB's couch_key_tree:stem/2 on small trees whose answer can be worked out by hand. */
class RevStemmerTest {

    @Test
    void keepsTheNewestLimitRevisionsOfALinearHistory() {
        RevTree tree = linear(6);

        RevStemmer.Stemmed stemmed = RevStemmer.stem(tree, 3).orElseThrow();

        assertThat(revs(stemmed.tree())).containsExactlyInAnyOrder("4-d", "5-e", "6-f");
        assertThat(stemmed.removed()).extracting(Rev::toString).containsExactlyInAnyOrder("1-a", "2-b", "3-c");
        assertThat(stemmed.tree().node(Rev.parse("4-d")).orElseThrow().parent()).as("a new root").isNull();
        assertThat(RevStemmer.pathLength(stemmed.tree(), Rev.parse("6-f"))).isEqualTo(3);
    }

    @Test
    void changesNothingWithinTheLimit() {
        assertThat(RevStemmer.stem(linear(3), 3)).isEmpty();
        assertThat(RevStemmer.stem(linear(4), 4)).isEmpty();
    }

    @Test
    void keepsAnAncestorWithinTheLimitOfAnyLeafSoAPathMayBeLongerThanTheLimit() {
        // 1 - 2 - 3 - 4 - 5 - 6 and 3 - 4x: with limit 3, 4x keeps 3 and 2, so 6's path runs 6..2.
        RevTree tree = linear(6);
        tree.merge(List.of(Rev.parse("4-x"), Rev.parse("3-c"), Rev.parse("2-b"), Rev.parse("1-a")), false);

        RevTree stemmed = RevStemmer.stem(tree, 3).orElseThrow().tree();

        assertThat(revs(stemmed)).containsExactlyInAnyOrder("2-b", "3-c", "4-d", "5-e", "6-f", "4-x");
        assertThat(RevStemmer.pathLength(stemmed, Rev.parse("6-f"))).isEqualTo(5);
    }

    @Test
    void splitsABranchWhoseCommonAncestorIsStemmedAway() {
        // 1 - 2 - 3 - 4 - 5 and 2 - 3y - 4y: with limit 2, 2 goes and 3y becomes a root of its own.
        RevTree tree = linear(5);
        tree.merge(List.of(Rev.parse("4-y"), Rev.parse("3-y"), Rev.parse("2-b"), Rev.parse("1-a")), false);

        RevTree stemmed = RevStemmer.stem(tree, 2).orElseThrow().tree();

        assertThat(revs(stemmed)).containsExactlyInAnyOrder("4-d", "5-e", "3-y", "4-y");
        assertThat(stemmed.node(Rev.parse("3-y")).orElseThrow().parent()).isNull();
        assertThat(stemmed.node(Rev.parse("4-d")).orElseThrow().parent()).isNull();
    }

    @Test
    void aLimitOfOneKeepsTheLeavesAlone() {
        RevTree tree = linear(4);
        tree.merge(List.of(Rev.parse("3-z"), Rev.parse("2-b"), Rev.parse("1-a")), true);

        RevTree stemmed = RevStemmer.stem(tree, 1).orElseThrow().tree();

        assertThat(revs(stemmed)).containsExactlyInAnyOrder("4-d", "3-z");
        assertThat(stemmed.leaves()).hasSize(2);
    }

    private static RevTree linear(int length) {
        RevTree tree = new RevTree();
        List<Rev> path = new java.util.ArrayList<>();
        for (int i = length; i >= 1; i--) {
            path.add(new Rev(i, String.valueOf((char) ('a' + i - 1))));
        }
        tree.merge(path, false);
        return tree;
    }

    private static Set<String> revs(RevTree tree) {
        return tree.nodes().stream().map(n -> n.rev().toString()).collect(Collectors.toSet());
    }
}
