package io.couchrepl.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.protocol.FetchResult;
import io.couchrepl.protocol.Rev;
import io.couchrepl.protocol.RevRequest;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code GET doc?open_revs=[..]}, on the exchanges of EXCHANGES.md sections 1.5 and 5.2. */
class OpenRevsCallTest {

    @Test
    void aDocumentTheServerDoesNotKnowIsNotFoundNotAFailure() throws Exception {
        try (RecordedServer server = RecordedServer.answering(
                    r -> RecordedServer.Answer.json(404, "{\"error\":\"not_found\",\"reason\":\"missing\"}"));
             AttachmentSpool spool = new AttachmentSpool()) {
            FetchResult result = new OpenRevsCall(server.client("db"), spool).openRevs(
                    new RevRequest("nosuchdoc", List.of(Rev.parse("1-abcabcabcabcabcabcabcabcabcabcab")), List.of()));

            assertThat(result.revisions()).isEmpty();
            assertThat(result.notFound()).singleElement()
                    .isEqualTo(new FetchResult.NotFound("nosuchdoc", Rev.parse("1-abcabcabcabcabcabcabcabcabcabcab"),
                            "not_found: missing"));
        }
    }

    @Test
    void asksForAttachmentsSinceTheRevisionsTheTargetHolds() throws Exception {
        try (RecordedServer server = RecordedServer.answering(
                    r -> new RecordedServer.Answer(200, Recorded.OPEN_REVS_TYPE, Recorded.openRevs()));
             AttachmentSpool spool = new AttachmentSpool()) {
            FetchResult result = new OpenRevsCall(server.client("r"), spool).openRevs(new RevRequest("att",
                    List.of(Rev.parse("2-4b65d9dfa7844c32d72b8453f6192eea")),
                    List.of(Rev.parse("1-a9b3ecc824a589566a86ad2a605ad1cc"))));

            assertThat(result.revisions()).singleElement().satisfies(r -> assertThat(r.id()).isEqualTo("att"));
            result.revisions().forEach(io.couchrepl.protocol.DocRevision::releaseBodies);
            assertThat(server.requests().get(0).pathAndQuery()).isEqualTo("/r/att?revs=true&latest=true&attachments=true"
                    + "&atts_since=%5B%221-a9b3ecc824a589566a86ad2a605ad1cc%22%5D"
                    + "&open_revs=%5B%222-4b65d9dfa7844c32d72b8453f6192eea%22%5D");
        }
    }

    @Test
    void keepsOpenRevsListsUnderTheUrlBudget() {
        List<Rev> revs = IntStream.range(0, 100).mapToObj(i -> Rev.parse("1-" + String.format("%032x", i))).toList();

        List<List<Rev>> runs = OpenRevsCall.fittingUrl(revs, 1000);

        assertThat(runs).flatExtracting(run -> run).containsExactlyElementsOf(revs);
        assertThat(runs).allSatisfy(run -> assertThat(DocIdPath.encode(
                run.stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(",", "[", "]"))).length())
                .isLessThanOrEqualTo(1000));
        assertThat(OpenRevsCall.fittingUrl(revs.subList(0, 1), 10)).containsExactly(revs.subList(0, 1));
    }
}
