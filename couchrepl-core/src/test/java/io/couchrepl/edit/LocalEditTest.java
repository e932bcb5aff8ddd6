package io.couchrepl.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import io.couchrepl.spi.ConflictException;
import io.couchrepl.spi.NotFoundException;
import io.couchrepl.tree.RevTree;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CouchDB's rules for an interactive edit, on a revision tree alone. */
class LocalEditTest {

    private static RevTree tree(boolean deleted, String... path) {
        RevTree tree = new RevTree();
        tree.merge(Arrays.stream(path).map(Rev::parse).toList(), deleted);
        return tree;
    }

    private static DocRevision put(RevTree tree, String json) throws ConflictException {
        return LocalEdit.put(tree, DocEdit.parse("a", json));
    }

    @Test
    void aNewDocumentGetsItsFirstRevision() throws Exception {
        DocRevision first = put(new RevTree(), "{\"name\": \"identical\", \"n\": 1}");

        assertThat(first.rev()).isEqualTo(Rev.parse("1-269e23421d4eb2da03b2d135979096b1"));
        assertThat(first.history()).containsExactly("269e23421d4eb2da03b2d135979096b1");
        assertThat(first.body()).isEqualTo("{\"name\":\"identical\",\"n\":1}");
    }

    @Test
    void anUpdateCarriesTheWholeKnownHistory() throws Exception {
        DocRevision next = put(tree(false, "3-c", "2-b", "1-a"), "{\"_rev\":\"3-c\",\"v\":4}");

        assertThat(next.rev().pos()).isEqualTo(4);
        assertThat(next.history()).containsExactly(next.rev().hash(), "c", "b", "a");
        assertThat(next.path().get(1)).isEqualTo(Rev.parse("3-c"));
    }

    @Test
    void aStaleRevIsAConflictThatNamesTheLeaves() {
        assertThatThrownBy(() -> put(tree(false, "2-b", "1-a"), "{\"_rev\":\"1-a\"}"))
                .isInstanceOf(ConflictException.class)
                .hasMessage("conflict: Document update conflict. (a has leaf 2-b; _rev 1-a is not a leaf)");
        assertThatThrownBy(() -> put(tree(false, "2-b", "1-a"), "{\"_rev\":\"7-x\"}"))
                .hasMessage("conflict: Document update conflict. (a has leaf 2-b; _rev 7-x is unknown)");
    }

    @Test
    void writingALiveDocumentWithoutRevIsAConflict() {
        assertThatThrownBy(() -> put(tree(false, "1-a"), "{\"v\":1}"))
                .isInstanceOf(ConflictException.class)
                .satisfies(e -> assertThat(((ConflictException) e).leaves()).containsExactly(Rev.parse("1-a")))
                .hasMessage("conflict: Document update conflict. (a has leaf 1-a; name the leaf you edit as _rev)");
    }

    @Test
    void aRevForADocumentNotHeldIsAConflict() {
        assertThatThrownBy(() -> put(new RevTree(), "{\"_rev\":\"1-a\"}"))
                .hasMessage("conflict: Document update conflict. (a does not exist; put it without _rev to create it)");
    }

    @Test
    void aDeletedDocumentIsRecreatedOnItsTombstonesBranch() throws Exception {
        // The CouchDB answers of EXCHANGES.md section 10, then a PUT without _rev: 4-... on 3-1c10...
        RevTree tree = tree(true, "3-1c108f04b1398349cfb743e3fcdb9e01", "2-b87ec53eeb2efda05649881b7ae51211",
                "1-269e23421d4eb2da03b2d135979096b1");

        DocRevision recreated = put(tree, "{\"name\": \"identical\", \"n\": 1}");

        assertThat(recreated.rev().pos()).isEqualTo(4);
        assertThat(recreated.history()).hasSize(4).element(1).isEqualTo("1c108f04b1398349cfb743e3fcdb9e01");
    }

    @Test
    void aDeletedDocumentRefusesEditsThatNameARev() {
        RevTree tree = tree(true, "2-d", "1-a");
        assertThatThrownBy(() -> put(tree, "{\"_rev\":\"2-d\",\"v\":1}"))
                .hasMessage("conflict: Document update conflict."
                        + " (a has leaf 2-d (deleted); it is deleted; put it without _rev to create it again)");
        assertThatThrownBy(() -> put(tree, "{\"_deleted\":true}"))
                .hasMessage("conflict: Document update conflict. (a has leaf 2-d (deleted); it is deleted already)");
    }

    @Test
    void deletingALosingLeafResolvesAConflict() throws Exception {
        RevTree tree = tree(false, "2-aaa", "1-a");
        tree.merge(List.of(Rev.parse("2-bbb"), Rev.parse("1-a")), false);

        DocRevision tombstone = LocalEdit.delete(tree, "a", Rev.parse("2-aaa"));
        tree.merge(tombstone.path(), true);

        assertThat(tombstone.deleted()).isTrue();
        assertThat(tombstone.body()).isEqualTo("{}");
        assertThat(DocReads.conflicts("a", tree)).isEmpty();
        assertThat(tree.winner().orElseThrow().rev()).isEqualTo(Rev.parse("2-bbb"));
    }

    @Test
    void deletingAMissingOrDeletedDocumentIsNotFound() {
        assertThatThrownBy(() -> LocalEdit.delete(new RevTree(), "a", Rev.parse("1-a")))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("not_found: missing (no document a)");
        assertThatThrownBy(() -> LocalEdit.delete(tree(true, "2-d", "1-a"), "a", Rev.parse("2-d")))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("not_found: deleted (a has leaf 2-d (deleted))");
    }

    @Test
    void theHistoryStopsAtCouchDbsRevsLimit() throws Exception {
        RevTree tree = new RevTree();
        Rev parent = null;
        for (int pos = 1; pos <= 1200; pos++) {
            Rev rev = new Rev(pos, "h" + pos);
            tree.merge(parent == null ? List.of(rev) : List.of(rev, parent), false);
            parent = rev;
        }

        DocRevision next = put(tree, "{\"_rev\":\"1200-h1200\"}");

        assertThat(next.history()).hasSize(LocalEdit.REVS_LIMIT).endsWith("h202");
    }
}
