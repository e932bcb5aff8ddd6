package io.couchrepl.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.protocol.Attachment;
import io.couchrepl.protocol.AttachmentBody;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import io.couchrepl.spi.WriteResult;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code _bulk_docs} with {@code new_edits:false} and the multipart {@code PUT}, on the exchanges of EXCHANGES.md sections 6.1, 6.2 and 9.3. */
class BulkDocsCallTest {

    private static DocRevision revision(String id, String rev, String body) {
        Rev r = Rev.parse(rev);
        return new DocRevision(id, r, false, List.of(r.hash()), body);
    }

    @Test
    void writesReplicatedEditsAndAnEmptyAnswerMeansEveryOneWasWritten() throws Exception {
        try (RecordedServer server = RecordedServer.answering(r -> RecordedServer.Answer.json(201, "[]"))) {
            WriteResult result = new BulkDocsCall(server.client("w"), null).writeDocs(List.of(
                    revision("x1", "1-cccccccccccccccccccccccccccccccc", "{\"v\":\"three\"}"),
                    revision("x2", "1-dddddddddddddddddddddddddddddddd", "{\"v\":\"two\"}")));

            assertThat(result.failures()).isEmpty();
            RecordedServer.Request sent = server.requests().get(0);
            assertThat(sent.method() + " " + sent.pathAndQuery()).isEqualTo("POST /w/_bulk_docs");
            var body = Json.MAPPER.readTree(sent.body());
            assertThat(body.get("new_edits").asBoolean(true)).isFalse();
            assertThat(body.get("docs")).hasSize(2);
            assertThat(body.get("docs").get(0).get("_revisions").get("ids").get(0).asText())
                    .isEqualTo("cccccccccccccccccccccccccccccccc");
        }
    }

    @Test
    void theOneDocumentTooLargeIsIsolatedAndCountedTheOthersWritten() throws Exception {
        String large = "{\"pad\":\"" + "z".repeat(2000) + "\"}";
        try (RecordedServer server = RecordedServer.answering(r -> r.body().contains("zzzz")
                ? RecordedServer.Answer.json(413, "{\"error\":\"document_too_large\",\"reason\":\"large2\"}")
                : RecordedServer.Answer.json(201, "[]"))) {
            WriteResult result = new BulkDocsCall(server.client("big"), null).writeDocs(List.of(
                    revision("small2", "1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "{\"v\":1}"),
                    revision("large2", "1-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", large),
                    revision("small3", "1-cccccccccccccccccccccccccccccccc", "{\"v\":3}")));

            assertThat(result.failures()).singleElement().isEqualTo(new WriteResult.Failure("large2",
                    Rev.parse("1-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"), "document_too_large", "large2"));
            assertThat(server.requests()).filteredOn(r -> !r.body().contains("zzzz"))
                    .flatExtracting(r -> Json.MAPPER.readTree(r.body()).findValuesAsText("_id"))
                    .containsExactlyInAnyOrder("small2", "small3");
        }
    }

    /** {@code mp} of 6.2: rev 2 with {@code one.txt} (40 bytes) as a body to send. */
    private static DocRevision withAttachment() {
        byte[] one = "first attachment, sent as a binary part\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Attachment attachment = new Attachment("one.txt", "text/plain", 2, "md5-ytJcI5kihXu3TczizpZXzA==", one.length,
                Attachment.IDENTITY, one.length, Optional.of(AttachmentBody.of(one)));
        return new DocRevision("mp", Rev.parse("2-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"), false,
                List.of("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), "{\"v\":\"multipart\"}",
                List.of(attachment));
    }

    @Test
    void aRevisionWithAttachmentBodiesIsPutAsMultipartAsCouchDbsReplicatorDoes() throws Exception {
        try (RecordedServer server = RecordedServer.answering(r -> RecordedServer.Answer.json(201,
                "{\"ok\":true,\"id\":\"mp\",\"rev\":\"2-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"}"))) {
            CouchClient client = server.client("w");
            WriteResult result = new BulkDocsCall(client, new ServerWelcome(client)).writeDocs(List.of(withAttachment()));

            assertThat(result.failures()).isEmpty();
            RecordedServer.Request sent = server.requests().get(0);
            assertThat(sent.method() + " " + sent.pathAndQuery()).isEqualTo("PUT /w/mp?new_edits=false");
            assertThat(sent.body()).contains("\"follows\":true", "first attachment, sent as a binary part");
        }
    }

    @Test
    void aRevisionWithAttachmentsTheServerRefusesIsCountedNotFatal() throws Exception {
        try (RecordedServer server = RecordedServer.answering(
                    r -> RecordedServer.Answer.json(413, "{\"error\":\"document_too_large\",\"reason\":\"mp\"}"))) {
            CouchClient client = server.client("w");
            WriteResult result = new BulkDocsCall(client, new ServerWelcome(client)).writeDocs(List.of(withAttachment()));

            assertThat(result.failures()).containsExactly(new WriteResult.Failure("mp",
                    Rev.parse("2-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"), "document_too_large", "mp"));
        }
    }

    @Test
    void aRevisionTheServerRefusesInItsAnswerIsAFailureInTheResult() throws Exception {
        String answer = "[{\"id\":\"x1\",\"rev\":\"1-cccccccccccccccccccccccccccccccc\",\"error\":\"forbidden\","
                + "\"reason\":\"only admins may write\"}]";
        try (RecordedServer server = RecordedServer.answering(r -> RecordedServer.Answer.json(201, answer))) {
            WriteResult result = new BulkDocsCall(server.client("w"), null).writeDocs(List.of(
                    revision("x1", "1-cccccccccccccccccccccccccccccccc", "{}")));

            assertThat(result.failures()).containsExactly(new WriteResult.Failure("x1",
                    Rev.parse("1-cccccccccccccccccccccccccccccccc"), "forbidden", "only admins may write"));
        }
    }
}
