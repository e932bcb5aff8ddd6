package io.couchrepl.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.FetchResult;
import io.couchrepl.protocol.Rev;
import io.couchrepl.protocol.RevRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code _bulk_get} and its {@code open_revs} fallback, on the exchanges of EXCHANGES.md sections 4.1 and 5.2. */
class BulkGetCallTest {

    static final String PLAIN_2 = "{\"_id\":\"plain\",\"_rev\":\"2-d0df861eb528e79690cd2ff3c4d394f3\",\"v\":2,"
            + "\"_revisions\":{\"start\":2,\"ids\":[\"d0df861eb528e79690cd2ff3c4d394f3\",\"7a7e4b29f3af401e69b6f86e4c26b727\"]}}";

    /** The JSON answer of 4.1 to a leaf, an unknown revision, an unknown document and a deleted leaf. */
    static final String ANSWER = "{\n \"results\": [\n"
            + "  {\"id\":\"plain\",\"docs\":[{\"ok\":" + PLAIN_2 + "}]},\n"
            + "  {\"id\":\"plain\",\"docs\":[{\"error\":{\"rev\":\"3-ffffffffffffffffffffffffffffffff\",\"reason\":\"missing\",\"id\":\"plain\",\"error\":\"not_found\"}}]},\n"
            + "  {\"id\":\"nosuchdoc\",\"docs\":[{\"error\":{\"rev\":\"1-abcabcabcabcabcabcabcabcabcabcab\",\"reason\":\"missing\",\"id\":\"nosuchdoc\",\"error\":\"not_found\"}}]},\n"
            + "  {\"id\":\"del\",\"docs\":[{\"ok\":{\"_id\":\"del\",\"_rev\":\"2-d9b15b235a7d0afdfe6058d5fb8afbd1\",\"_deleted\":true,"
            + "\"_revisions\":{\"start\":2,\"ids\":[\"d9b15b235a7d0afdfe6058d5fb8afbd1\",\"7a7e4b29f3af401e69b6f86e4c26b727\"]}}}]}\n"
            + " ]\n}";

    private static RevRequest request(String id, String... revs) {
        return new RevRequest(id, java.util.Arrays.stream(revs).map(Rev::parse).toList(), List.of());
    }

    @Test
    void fetchesRevisionsWithTheirHistoryAndListsWhatIsNotThere() throws Exception {
        try (RecordedServer server = RecordedServer.answering(r -> RecordedServer.Answer.json(200, ANSWER));
             AttachmentSpool spool = new AttachmentSpool();
             ConcurrentParts parts = new ConcurrentParts()) {
            FetchResult result = new BulkGetCall(server.client("r"), spool, parts).fetch(List.of(
                    request("plain", "2-d0df861eb528e79690cd2ff3c4d394f3", "3-ffffffffffffffffffffffffffffffff"),
                    request("nosuchdoc", "1-abcabcabcabcabcabcabcabcabcabcab"),
                    request("del", "2-d9b15b235a7d0afdfe6058d5fb8afbd1")));

            assertThat(result.revisions()).extracting(DocRevision::id).containsExactly("plain", "del");
            assertThat(result.revisions().get(0).history()).containsExactly("d0df861eb528e79690cd2ff3c4d394f3",
                    "7a7e4b29f3af401e69b6f86e4c26b727");
            assertThat(result.revisions().get(1).deleted()).isTrue();
            assertThat(result.notFound()).extracting(FetchResult.NotFound::id).containsExactly("plain", "nosuchdoc");
            RecordedServer.Request sent = server.requests().get(0);
            assertThat(sent.method() + " " + sent.pathAndQuery()).isEqualTo("POST /r/_bulk_get?revs=true&latest=true");
            assertThat(Json.MAPPER.readTree(sent.body()).get("docs")).hasSize(4);
        }
    }

    @Test
    void aServerWithoutBulkGetIsAskedPerDocumentFromThenOn() throws Exception {
        try (RecordedServer server = RecordedServer.answering(r -> r.pathAndQuery().contains("_bulk_get")
                    ? RecordedServer.Answer.json(405, "{\"error\":\"method_not_allowed\",\"reason\":\"Only GET,HEAD allowed\"}")
                    : new RecordedServer.Answer(200, Recorded.OPEN_REVS_TYPE, Recorded.openRevs()));
             AttachmentSpool spool = new AttachmentSpool();
             ConcurrentParts parts = new ConcurrentParts()) {
            BulkGetCall call = new BulkGetCall(server.client("r"), spool, parts);
            RevRequest att = request("att", "2-4b65d9dfa7844c32d72b8453f6192eea", "3-ffffffffffffffffffffffffffffffff");

            FetchResult first = call.fetch(List.of(att));
            FetchResult second = call.fetch(List.of(att));

            for (FetchResult result : List.of(first, second)) {
                assertThat(result.revisions()).singleElement().satisfies(r -> {
                    assertThat(r.rev()).isEqualTo(Rev.parse("2-4b65d9dfa7844c32d72b8453f6192eea"));
                    assertThat(r.attachments()).hasSize(2);
                });
                assertThat(result.notFound()).extracting(FetchResult.NotFound::rev)
                        .containsExactly(Rev.parse("3-ffffffffffffffffffffffffffffffff"));
                result.revisions().forEach(DocRevision::releaseBodies);
            }
            assertThat(server.requests()).extracting(RecordedServer.Request::pathAndQuery)
                    .filteredOn(p -> p.contains("_bulk_get")).hasSize(1);
            assertThat(server.requests()).filteredOn(r -> r.pathAndQuery().contains("open_revs=")).hasSize(2)
                    .allMatch(r -> r.pathAndQuery().startsWith("/r/att?revs=true&latest=true&attachments=true&open_revs="));
        }
    }
}
