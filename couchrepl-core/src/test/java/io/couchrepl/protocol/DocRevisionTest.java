package io.couchrepl.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DocRevisionTest {

    @Test
    void printsTheDocumentAsCouchDbReturnsItWithRevisions() {
        DocRevision doc = new DocRevision("a\"b", Rev.parse("2-bb"), false, List.of("bb", "aa"), "{\"v\":1.10,\"n\":null}");
        assertThat(doc.toCouchJson()).isEqualTo(
                "{\"_id\":\"a\\\"b\",\"_rev\":\"2-bb\",\"v\":1.10,\"n\":null,\"_revisions\":{\"start\":2,\"ids\":[\"bb\",\"aa\"]}}");
    }

    @Test
    void marksTombstonesDeleted() {
        DocRevision tombstone = new DocRevision("d", Rev.parse("3-cc"), true, List.of("cc", "bb"), "{}");
        assertThat(tombstone.toCouchJson()).isEqualTo(
                "{\"_id\":\"d\",\"_rev\":\"3-cc\",\"_deleted\":true,\"_revisions\":{\"start\":3,\"ids\":[\"cc\",\"bb\"]}}");
    }

    @Test
    void printsAttachmentsAsTheStubsCouchDbShowsAfterRevisions() {
        DocRevision doc = new DocRevision("att", Rev.parse("2-bb"), false, List.of("bb", "aa"), "{\"title\":\"t\"}",
                List.of(Attachment.stub("b.bin", "application/octet-stream", 2, "md5-e6CPv/qPMDJ50TwBgu72pw==", 32,
                                Attachment.IDENTITY, 32),
                        Attachment.stub("a.txt", "text/plain", 1, "md5-mj7fZWySzM7oJ+UY8ea8Vw==", 19, "gzip", 39)
                                .withBody(AttachmentBody.of(new byte[39]))));
        assertThat(doc.toCouchJson()).isEqualTo("{\"_id\":\"att\",\"_rev\":\"2-bb\",\"title\":\"t\","
                + "\"_revisions\":{\"start\":2,\"ids\":[\"bb\",\"aa\"]},\"_attachments\":{"
                + "\"b.bin\":{\"content_type\":\"application/octet-stream\",\"revpos\":2,"
                + "\"digest\":\"md5-e6CPv/qPMDJ50TwBgu72pw==\",\"length\":32,\"stub\":true},"
                + "\"a.txt\":{\"content_type\":\"text/plain\",\"revpos\":1,\"digest\":\"md5-mj7fZWySzM7oJ+UY8ea8Vw==\","
                + "\"length\":19,\"stub\":true}}}");
    }

    @Test
    void refusesTwoAttachmentsOfTheSameName() {
        Attachment a = Attachment.stub("a", "text/plain", 1, "md5-mj7fZWySzM7oJ+UY8ea8Vw==", 19, Attachment.IDENTITY, 19);
        assertThatThrownBy(() -> new DocRevision("x", Rev.parse("1-a"), false, List.of("a"), "{}", List.of(a, a)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("x 1-a has two attachments named a");
    }

    @Test
    void givesItsPathNewestFirst() {
        DocRevision doc = new DocRevision("x", Rev.parse("3-c"), false, List.of("c", "b", "a"), "{}");
        assertThat(doc.path()).containsExactly(Rev.parse("3-c"), Rev.parse("2-b"), Rev.parse("1-a"));
    }

    @Test
    void refusesAHistoryThatDoesNotStartWithItsOwnHash() {
        assertThatThrownBy(() -> new DocRevision("x", Rev.parse("2-b"), false, List.of("a"), "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must start with its own hash");
    }
}
