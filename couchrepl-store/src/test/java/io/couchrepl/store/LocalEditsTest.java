package io.couchrepl.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.couchrepl.memory.MemoryStore;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.MissingRevs;
import io.couchrepl.protocol.Rev;
import io.couchrepl.spi.ConflictException;
import io.couchrepl.spi.InvalidDocumentException;
import io.couchrepl.spi.LocalEdits;
import io.couchrepl.spi.NotFoundException;
import io.couchrepl.spi.Target;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Local edits on both stores: CouchDB's revision ids, its conflict rules, and its answers to reads. */
class LocalEditsTest {

    private static final String FIRST = "1-269e23421d4eb2da03b2d135979096b1";
    private static final String SECOND = "2-b87ec53eeb2efda05649881b7ae51211";
    private static final String THIRD = "3-1c108f04b1398349cfb743e3fcdb9e01";

    enum Kind { MEMORY, SQLITE }

    @TempDir
    Path dir;

    private AutoCloseable opened;

    private <S extends LocalEdits & Target> S open(Kind kind) throws Exception {
        @SuppressWarnings("unchecked")
        S store = (S) (kind == Kind.MEMORY ? new MemoryStore() : SqliteStore.open(dir.resolve("edits.db")));
        opened = store;
        return store;
    }

    @AfterEach
    void close() throws Exception {
        if (opened != null) {
            opened.close();
        }
    }

    private static String withRev(String rev, String fields) {
        return "{\"_rev\":\"" + rev + "\"," + fields.substring(1);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aNewDocumentGetsCouchDbsFirstRevision(Kind kind) throws Exception {
        LocalEdits store = open(kind);

        Rev rev = store.put("same", "{\"name\": \"identical\", \"n\": 1}");

        assertThat(rev).isEqualTo(Rev.parse(FIRST));
        DocRevision doc = store.get("same");
        assertThat(doc.rev()).isEqualTo(rev);
        assertThat(doc.body()).isEqualTo("{\"name\":\"identical\",\"n\":1}");
        assertThat(doc.history()).containsExactly(rev.hash());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anUpdateNamesTheCurrentLeafAndAStaleRevIsRefused(Kind kind) throws Exception {
        LocalEdits store = open(kind);
        store.put("same", "{\"name\":\"identical\",\"n\":1}");

        Rev second = store.put("same", withRev(FIRST, "{\"name\":\"identical\",\"n\":2}"));

        assertThat(second).isEqualTo(Rev.parse(SECOND));
        assertThatThrownBy(() -> store.put("same", withRev(FIRST, "{\"n\":3}")))
                .isInstanceOf(ConflictException.class)
                .hasMessage("conflict: Document update conflict. (same has leaf " + SECOND + "; _rev " + FIRST
                        + " is not a leaf)");
        assertThatThrownBy(() -> store.put("same", "{\"n\":3}")).isInstanceOf(ConflictException.class);
        assertThat(store.openRevs("same")).extracting(DocRevision::rev).containsExactly(second);
        assertThat(store.get("same").history()).containsExactly(second.hash(), Rev.parse(FIRST).hash());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aDeleteLeavesATombstoneAndTheDocumentReadsAsDeleted(Kind kind) throws Exception {
        LocalEdits store = open(kind);
        store.put("same", "{\"name\":\"identical\",\"n\":1}");
        store.put("same", withRev(FIRST, "{\"name\":\"identical\",\"n\":2}"));

        Rev tombstone = store.delete("same", Rev.parse(SECOND));

        assertThat(tombstone).isEqualTo(Rev.parse(THIRD));
        assertThatThrownBy(() -> store.get("same"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("not_found: deleted (same has leaf " + THIRD + " (deleted))");
        assertThat(store.get("same", tombstone).deleted()).isTrue();
        assertThatThrownBy(() -> store.get("same", Rev.parse(FIRST)))
                .as("an old revision, as CouchDB answers it after compaction")
                .isInstanceOf(NotFoundException.class)
                .hasMessageStartingWith("not_found: missing");
        assertThat(store.openRevs("same")).extracting(DocRevision::rev).containsExactly(tombstone);
        assertThatThrownBy(() -> store.conflicts("same")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.delete("same", tombstone))
                .isInstanceOf(NotFoundException.class)
                .hasMessageStartingWith("not_found: deleted");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aDeletedDocumentIsRecreatedWithoutRevOnItsTombstonesBranch(Kind kind) throws Exception {
        LocalEdits store = open(kind);
        Rev first = store.put("d", "{\"v\":1}");
        Rev deleted = store.delete("d", first);

        assertThatThrownBy(() -> store.put("d", withRev(deleted.toString(), "{\"v\":2}")))
                .isInstanceOf(ConflictException.class);
        Rev recreated = store.put("d", "{\"v\":2}");

        assertThat(recreated.pos()).isEqualTo(3);
        assertThat(store.get("d").history()).containsExactly(recreated.hash(), deleted.hash(), first.hash());
        assertThat(store.openRevs("d")).extracting(DocRevision::rev).containsExactly(recreated);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    <S extends LocalEdits & Target> void aReplicatedConflictIsResolvedByDeletingTheLosingLeaf(Kind kind)
            throws Exception {
        S store = open(kind);
        Rev root = store.put("c", "{\"v\":0}");
        Rev local = store.put("c", withRev(root.toString(), "{\"v\":\"local\"}"));
        // The server's edit of the same revision arrives by replication.
        store.writeDocs(List.of(new DocRevision("c", new Rev(2, "ffff"), false, List.of("ffff", root.hash()),
                "{\"v\":\"server\"}")));
        Rev winner = local.hash().compareTo("ffff") > 0 ? local : new Rev(2, "ffff");
        Rev loser = winner.equals(local) ? new Rev(2, "ffff") : local;

        assertThat(store.get("c").rev()).isEqualTo(winner);
        assertThat(store.conflicts("c")).containsExactly(loser);

        Rev tombstone = store.delete("c", loser);

        assertThat(store.conflicts("c")).isEmpty();
        assertThat(store.get("c").rev()).isEqualTo(winner);
        assertThat(store.openRevs("c")).extracting(DocRevision::rev).containsExactly(winner, tombstone);
        assertThat(store.openRevs("c")).filteredOn(r -> !r.deleted()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    <S extends LocalEdits & Target> void aLocalEditIsAnOrdinaryRevisionForReplication(Kind kind) throws Exception {
        S store = open(kind);
        Rev rev = store.put("r", "{\"v\":1}");

        Map<String, MissingRevs> diff = store.revsDiff(Map.of("r", List.of(rev, new Rev(2, "other"))));

        assertThat(diff.get("r").missing()).containsExactly(new Rev(2, "other"));
        store.writeDocs(List.of(store.get("r")));
        assertThat(store.openRevs("r")).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void readsOfWhatIsNotHeldAreMissing(Kind kind) throws Exception {
        LocalEdits store = open(kind);
        store.put("a", "{}");

        assertThatThrownBy(() -> store.get("nope"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("not_found: missing (no document nope)");
        assertThatThrownBy(() -> store.get("a", Rev.parse("9-abc")))
                .hasMessage("not_found: missing (no revision 9-abc of a)");
        assertThatThrownBy(() -> store.openRevs("nope")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.conflicts("nope")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.delete("nope", Rev.parse("1-a")))
                .hasMessage("not_found: missing (no document nope)");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void badInputIsRefusedBeforeAnythingIsWritten(Kind kind) throws Exception {
        LocalEdits store = open(kind);

        assertThatThrownBy(() -> store.put("a", "{\"_bad\":1}")).isInstanceOf(InvalidDocumentException.class);
        assertThatThrownBy(() -> store.put("_local/x", "{}")).isInstanceOf(InvalidDocumentException.class);
        assertThatThrownBy(() -> store.get("_x")).isInstanceOf(InvalidDocumentException.class);
        assertThatThrownBy(() -> store.get("a")).isInstanceOf(NotFoundException.class);
    }
}
