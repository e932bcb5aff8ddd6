package io.couchrepl.tree;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.protocol.Rev;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevTreeTest {

    private static List<Rev> path(String... revs) {
        return java.util.Arrays.stream(revs).map(Rev::parse).toList();
    }

    @Test
    void keepsOnlyTheNewestRevisionOfAHistoryAsLeaf() {
        RevTree tree = new RevTree();
        tree.merge(path("3-c", "2-b", "1-a"), false);
        assertThat(tree.leaves()).extracting(RevTree.Node::rev).containsExactly(Rev.parse("3-c"));
        assertThat(tree.contains(Rev.parse("1-a"))).isTrue();
        assertThat(tree.node(Rev.parse("2-b")).orElseThrow().available()).isFalse();
    }

    @Test
    void extendingALeafMakesItAnInnerNode() {
        RevTree tree = new RevTree();
        tree.merge(path("1-a"), false);
        RevTree.Merge merge = tree.merge(path("2-b", "1-a"), false);
        assertThat(merge.changed()).extracting(RevTree.Node::rev).containsExactly(Rev.parse("1-a"));
        assertThat(tree.leaves()).extracting(RevTree.Node::rev).containsExactly(Rev.parse("2-b"));
    }

    @Test
    void keepsBothLeavesOfAConflictAndPicksTheHigherHash() {
        RevTree tree = new RevTree();
        tree.merge(path("2-aaa", "1-a"), false);
        tree.merge(path("2-bbb", "1-a"), false);
        assertThat(tree.leaves()).hasSize(2);
        assertThat(tree.winner().orElseThrow().rev()).isEqualTo(Rev.parse("2-bbb"));
    }

    @Test
    void aLiveLeafWinsOverADeletedLeafOfHigherGeneration() {
        RevTree tree = new RevTree();
        tree.merge(path("2-live", "1-a"), false);
        tree.merge(path("3-dead", "2-other", "1-a"), true);
        assertThat(tree.winner().orElseThrow().rev()).isEqualTo(Rev.parse("2-live"));
    }

    @Test
    void theHigherGenerationWinsAmongLiveLeaves() {
        RevTree tree = new RevTree();
        tree.merge(path("2-zzz", "1-a"), false);
        tree.merge(path("3-aaa", "2-b", "1-a"), false);
        assertThat(tree.winner().orElseThrow().rev()).isEqualTo(Rev.parse("3-aaa"));
    }

    @Test
    void mergingAHeldRevisionAgainChangesNothing() {
        RevTree tree = new RevTree();
        tree.merge(path("2-b", "1-a"), false);
        RevTree.Merge again = tree.merge(path("2-b", "1-a"), false);
        assertThat(again.alreadyHeld()).isTrue();
        assertThat(again.changedAnything()).isFalse();
    }

    @Test
    void aRecreatedDocumentGrowsOnItsTombstone() {
        RevTree tree = new RevTree();
        tree.merge(path("2-del", "1-a"), true);
        tree.merge(path("3-new", "2-del", "1-a"), false);
        assertThat(tree.leaves()).extracting(RevTree.Node::rev).containsExactly(Rev.parse("3-new"));
        assertThat(tree.winner().orElseThrow().deleted()).isFalse();
    }

    @Test
    void reportsUnknownRevisionsAndTheirPossibleAncestors() {
        RevTree tree = new RevTree();
        tree.merge(path("2-b", "1-a"), false);
        List<Rev> missing = tree.missing(path("1-a", "2-b", "3-c", "2-x"));
        assertThat(missing).containsExactly(Rev.parse("2-x"), Rev.parse("3-c"));
        assertThat(tree.possibleAncestors(missing)).containsExactly(Rev.parse("2-b"));
    }
}
