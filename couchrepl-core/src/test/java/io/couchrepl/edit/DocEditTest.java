package io.couchrepl.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.couchrepl.protocol.Rev;
import io.couchrepl.spi.InvalidDocumentException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Underscore members and ids as CouchDB 3.5.0 treats them in a {@code PUT} (answers recorded from it). */
class DocEditTest {

    @Test
    void takesTheParentFromRevAndTheRestAsTheBody() {
        DocEdit edit = DocEdit.parse("a", "{\"_id\":\"a\",\"_rev\":\"1-abc\",\"v\":1,\"w\":[1.50]}");

        assertThat(edit.parent()).contains(Rev.parse("1-abc"));
        assertThat(edit.deleted()).isFalse();
        assertThat(edit.bodyJson()).isEqualTo("{\"v\":1,\"w\":[1.50]}");
    }

    @Test
    void revisionsOverridesRevWhereverItStands() {
        assertThat(DocEdit.parse("a", "{\"_rev\":\"1-abc\",\"_revisions\":{\"start\":1,\"ids\":[\"def\"]}}").parent())
                .contains(Rev.parse("1-def"));
        assertThat(DocEdit.parse("a", "{\"_revisions\":{\"start\":1,\"ids\":[\"def\"]},\"_rev\":\"1-abc\"}").parent())
                .contains(Rev.parse("1-def"));
    }

    @Test
    void dropsWhatAReadAddsAndKeepsAccessAndReplicatorFields() {
        DocEdit edit = DocEdit.parse("a", "{\"_conflicts\":[\"1-a\"],\"_deleted_conflicts\":[],\"_revs_info\":[],"
                + "\"_local_seq\":3,\"_access\":[\"x\"],\"_replication_state\":\"done\",\"v\":1,\"_attachments\":{}}");

        assertThat(edit.bodyJson()).isEqualTo("{\"_access\":[\"x\"],\"_replication_state\":\"done\",\"v\":1}");
    }

    @Test
    void deletedTrueMakesATombstoneThatKeepsItsBody() {
        DocEdit edit = DocEdit.parse("a", "{\"_deleted\":true,\"v\":1}");

        assertThat(edit.deleted()).isTrue();
        assertThat(edit.bodyJson()).isEqualTo("{\"v\":1}");
    }

    @Test
    void aDeletionIsAnEmptyTombstoneChildOfTheRevision() {
        assertThat(DocEdit.deletion("a", Rev.parse("2-b")))
                .isEqualTo(new DocEdit("a", Optional.of(Rev.parse("2-b")), true, EJson.Obj.EMPTY));
    }

    @Test
    void refusesUnknownSpecialMembersAsCouchDbDoes() {
        assertThatThrownBy(() -> DocEdit.parse("a", "{\"_foo\":1}"))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessage("doc_validation: Bad special document member: _foo");
        assertThatThrownBy(() -> DocEdit.parse("a", "{\"_deleted\":\"yes\"}"))
                .hasMessage("doc_validation: Bad special document member: _deleted");
        assertThatThrownBy(() -> DocEdit.parse("a", "{\"_replication_start_time\":1}"))
                .hasMessage("doc_validation: Bad special document member: _replication_start_time");
    }

    @Test
    void refusesAMalformedRev() {
        assertThatThrownBy(() -> DocEdit.parse("a", "{\"_rev\":\"zz\"}"))
                .hasMessage("bad_request: Invalid rev format (_rev \"zz\")");
        assertThatThrownBy(() -> DocEdit.parse("a", "{\"_rev\":5}"))
                .hasMessage("bad_request: Invalid rev format (_rev is not a string)");
        assertThatThrownBy(() -> DocEdit.parse("a", "{\"_revisions\":{\"start\":\"1\",\"ids\":[]}}"))
                .hasMessage("doc_validation: _revisions.start isn't an integer.");
    }

    @Test
    void refusesABodyThatIsNotAnObject() {
        assertThatThrownBy(() -> DocEdit.parse("a", "[1]"))
                .hasMessage("bad_request: Document must be a JSON object");
        assertThatThrownBy(() -> DocEdit.parse("a", "{\"v\":"))
                .hasMessageStartingWith("bad_request: invalid UTF-8 JSON (");
    }

    @Test
    void refusesAnIdInTheBodyThatIsNotTheDocumentsOwn() {
        assertThatThrownBy(() -> DocEdit.parse("a", "{\"_id\":\"b\"}"))
                .hasMessage("bad_request: _id does not match the document id"
                        + " (the body's _id is \"b\", the document is \"a\")");
        assertThatThrownBy(() -> DocEdit.parse("a", "{\"_id\":5}"))
                .hasMessage("illegal_docid: Document id must be a string");
    }

    @Test
    void refusesIdsCouchDbRefusesAndLocalDocuments() {
        assertThatThrownBy(() -> DocEdit.parse("_r9", "{}"))
                .hasMessage("illegal_docid: Only reserved document ids may start with underscore. (_r9)");
        assertThatThrownBy(() -> DocEdit.parse("", "{}"))
                .hasMessage("illegal_docid: Document id must not be empty");
        assertThatThrownBy(() -> DocEdit.parse("_local/x", "{}"))
                .hasMessage("illegal_docid: _local documents have no revisions (_local/x is kept with getLocal and putLocal)");
        assertThat(DocEdit.parse("_design/app", "{\"views\":{}}").id()).isEqualTo("_design/app");
    }

    @Test
    void refusesAttachmentsWithAClearMessage() {
        assertThatThrownBy(() -> DocEdit.parse("a", "{\"_attachments\":{\"x.txt\":{\"stub\":true}}}"))
                .hasMessage("bad_request: local edits do not carry attachments"
                        + " (a has _attachments; put the document without them)");
    }
}
