package io.couchrepl.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.couchrepl.protocol.Attachment;
import io.couchrepl.protocol.AttachmentBody;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A revision as a record's value and back. */
class RevisionJsonTest {

    private static final Rev REV = Rev.parse("2-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
    private static final List<String> HISTORY = List.of("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");

    @Test
    void aRevisionWithoutAttachmentsIsWrittenAsDumpPrintsIt() throws Exception {
        DocRevision revision = new DocRevision("doc/1", REV, false, HISTORY, "{\"n\":1.10,\"big\":123456789012345678901234567890}");

        String json = RevisionJson.write(revision, 1000);

        assertThat(json).isEqualTo(revision.toCouchJson());
        DocRevision back = RevisionJson.parse(json);
        assertThat(back).isEqualTo(revision);
        assertThat(back.body()).contains("1.10").contains("123456789012345678901234567890");
    }

    @Test
    void smallAttachmentsGoInlineAndLargeOnesAsStubs() throws Exception {
        byte[] small = "hello".getBytes(StandardCharsets.UTF_8);
        Attachment inline = new Attachment("a.txt", "text/plain", 2, "md5-XUFAKrxLKna5cZ2REBfFkg==", 5, "identity", 5,
                Optional.of(AttachmentBody.of(small)));
        Attachment large = new Attachment("big.bin", "application/octet-stream", 1, "md5-AAAAAAAAAAAAAAAAAAAAAA==", 10,
                "identity", 10, Optional.of(AttachmentBody.of(new byte[10])));
        DocRevision revision = new DocRevision("doc", REV, true, HISTORY, "{}", List.of(inline, large));

        String json = RevisionJson.write(revision, 5);

        assertThat(json).contains("\"a.txt\":{\"content_type\":\"text/plain\",\"revpos\":2,"
                + "\"digest\":\"md5-XUFAKrxLKna5cZ2REBfFkg==\",\"length\":5,\"data\":\"aGVsbG8=\"}");
        assertThat(json).contains("\"big.bin\":{\"content_type\":\"application/octet-stream\",\"revpos\":1,"
                + "\"digest\":\"md5-AAAAAAAAAAAAAAAAAAAAAA==\",\"length\":10,\"stub\":true}");
        DocRevision back = RevisionJson.parse(json);
        assertThat(back.deleted()).isTrue();
        assertThat(back.attachments()).hasSize(2);
        assertThat(back.attachments().get(0).body().orElseThrow().open().readAllBytes()).isEqualTo(small);
        assertThat(back.attachments().get(1).isStub()).isTrue();
    }

    @Test
    void aCompressedAttachmentKeepsItsEncoding() throws Exception {
        byte[] gzipped = {31, -117, 8, 0, 0, 0, 0, 0, 0, 3, 1, 0, 0, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        Attachment text = new Attachment("t.txt", "text/plain", 1, "md5-CCCCCCCCCCCCCCCCCCCCCC==", 0, "gzip",
                gzipped.length, Optional.of(AttachmentBody.of(gzipped)));
        DocRevision revision = new DocRevision("doc", REV, false, HISTORY, "{}", List.of(text));

        DocRevision back = RevisionJson.parse(RevisionJson.write(revision, 1000));

        Attachment a = back.attachments().get(0);
        assertThat(a.encoding()).isEqualTo("gzip");
        assertThat(a.encodedLength()).isEqualTo(gzipped.length);
        assertThat(a.length()).isZero();
        assertThat(a.body().orElseThrow().open().readAllBytes()).isEqualTo(gzipped);
    }

    @Test
    void refusesWhatIsNotARevision() {
        assertThatThrownBy(() -> RevisionJson.parse("[1]")).hasMessage("not a revision: not a JSON object");
        assertThatThrownBy(() -> RevisionJson.parse("{\"_id\":\"x\",\"_rev\":\"1-a\"}"))
                .hasMessage("not a revision: x 1-a has no _revisions");
        assertThatThrownBy(() -> RevisionJson.parse("{\"a\":1}")).hasMessage("not a revision: no _id or _rev");
        assertThatThrownBy(() -> RevisionJson.parse("{\"_id\":")).hasMessageStartingWith("not a revision: not JSON (");
    }
}
