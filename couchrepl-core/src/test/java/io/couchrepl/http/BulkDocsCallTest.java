package io.couchrepl.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import io.couchrepl.spi.WriteResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code _bulk_docs} with {@code new_edits:false}, on the exchanges of EXCHANGES.md sections 6.1 and 9.3. */
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
