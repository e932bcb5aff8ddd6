package io.couchrepl.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import io.couchrepl.attachments.Md5Digest;
import io.couchrepl.protocol.Attachment;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DocReaderTest {

    private final AttachmentSpool spool = new AttachmentSpool();

    @AfterEach
    void closeSpool() {
        spool.close();
    }

    private DocRevision read(String json) throws IOException {
        try (JsonParser p = Json.FACTORY.createParser(json)) {
            p.nextToken();
            return DocReader.read(p, spool).complete(Map.of());
        }
    }

    @Test
    void keepsNumbersExactlyAsTheSourceSentThem() throws IOException {
        DocRevision doc = read("{\"_id\":\"n\",\"_rev\":\"1-a\",\"f\":1.10,\"e\":1e-7,"
                + "\"big\":123456789012345678901234567890,\"neg\":-0.0,\"_revisions\":{\"start\":1,\"ids\":[\"a\"]}}");
        assertThat(doc.body()).isEqualTo("{\"f\":1.10,\"e\":1e-7,\"big\":123456789012345678901234567890,\"neg\":-0.0}");
    }

    @Test
    void takesOutTheReplicationFieldsAndKeepsTheRest() throws IOException {
        DocRevision doc = read("{\"_id\":\"x\",\"_rev\":\"2-b\",\"_deleted\":true,\"_attachments\":{\"a\":{\"stub\":true,"
                + "\"digest\":\"md5-mj7fZWySzM7oJ+UY8ea8Vw==\",\"length\":19,\"revpos\":1}},"
                + "\"_conflicts\":[\"2-c\"],\"_revisions\":{\"start\":2,\"ids\":[\"b\",\"a\"]},\"t\":\"\\u00fc\\n\"}");
        assertThat(doc.id()).isEqualTo("x");
        assertThat(doc.rev()).isEqualTo(Rev.parse("2-b"));
        assertThat(doc.deleted()).isTrue();
        assertThat(doc.history()).containsExactly("b", "a");
        assertThat(doc.body()).isEqualTo("{\"t\":\"ü\\n\"}");
        assertThat(doc.attachments()).containsExactly(Attachment.stub("a", Attachment.DEFAULT_CONTENT_TYPE, 1,
                "md5-mj7fZWySzM7oJ+UY8ea8Vw==", 19, Attachment.IDENTITY, 19));
    }

    @Test
    void decodesInlineBase64AttachmentsIntoBodiesInTheOrderGiven() throws IOException {
        byte[] large = new byte[100_000];
        new java.util.Random(1).nextBytes(large);
        DocRevision doc = read("{\"_id\":\"x\",\"_rev\":\"1-a\",\"_attachments\":{"
                + "\"z.txt\":{\"content_type\":\"text/plain\",\"revpos\":1,\"digest\":\"md5-97bfLaKgqbrhRXgVNkWwug==\","
                + "\"data\":\"SGVsbG8sIGlubGluZSBhdHRhY2htZW50IQo=\"},"
                + "\"a.bin\":{\"revpos\":1,\"data\":\"" + Base64.getEncoder().encodeToString(large) + "\"}}}");

        assertThat(doc.attachments()).extracting(Attachment::name).containsExactly("z.txt", "a.bin");
        Attachment text = doc.attachments().get(0);
        assertThat(text.length()).isEqualTo(26);
        assertThat(text.contentType()).isEqualTo("text/plain");
        try (var in = text.body().orElseThrow().open()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("Hello, inline attachment!\n");
        }
        Attachment binary = doc.attachments().get(1);
        assertThat(binary.contentType()).isEqualTo(Attachment.DEFAULT_CONTENT_TYPE);
        assertThat(binary.digest()).as("named by its own MD5 when the source gives no digest")
                .isEqualTo(Md5Digest.of(new ByteArrayInputStream(large)));
        try (var in = binary.body().orElseThrow().open()) {
            assertThat(in.readAllBytes()).isEqualTo(large);
        }
        assertThat(spool.filesInUse()).as("the large body went to a file").isEqualTo(1);
        doc.releaseBodies();
        assertThat(spool.filesInUse()).isZero();
    }

    @Test
    void refusesAnAttachmentAnnouncedToFollowInAJsonAnswer() {
        assertThatThrownBy(() -> read("{\"_id\":\"x\",\"_rev\":\"1-a\",\"_attachments\":{\"f\":{\"follows\":true,"
                + "\"length\":3,\"digest\":\"md5-AAAAAAAAAAAAAAAAAAAAAA==\"}}}"))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("did not follow");
    }

    @Test
    void refusesRevisionsThatDoNotStartAtTheRev() {
        assertThatThrownBy(() -> read("{\"_id\":\"x\",\"_rev\":\"2-b\",\"_revisions\":{\"start\":3,\"ids\":[\"b\"]}}"))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("do not start at its _rev");
    }
}
