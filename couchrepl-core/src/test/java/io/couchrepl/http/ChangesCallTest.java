package io.couchrepl.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.protocol.Change;
import io.couchrepl.protocol.ChangesBatch;
import io.couchrepl.protocol.ChangesFilter;
import io.couchrepl.protocol.ChangesRequest;
import io.couchrepl.protocol.Rev;
import io.couchrepl.protocol.Seq;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code _changes}, on the answers of EXCHANGES.md section 2. */
class ChangesCallTest {

    /** The answer of 2.1, one row a line as CouchDB sends it (sequences shortened as recorded). */
    static final String ALL_DOCS = "{\"results\":[\n"
            + "{\"seq\":\"1-g1AAAAB5e\",\"id\":\"d2\",\"changes\":[{\"rev\":\"1-bce90fe46da4c08d24e08467ec190fb5\"}]},\n"
            + "{\"seq\":\"2-g1AAAAB5e\",\"id\":\"d3\",\"changes\":[{\"rev\":\"1-5ced0973317ea7ab033cd4dd811e5e8e\"}]},\n"
            + "{\"seq\":\"3-g1AAAAB5e\",\"id\":\"_design/app\",\"changes\":[{\"rev\":\"1-e625ed10937e2b50c2e065df982a0b2d\"}]},\n"
            + "{\"seq\":\"4-g1AAAACbe\",\"id\":\"d1\",\"changes\":[{\"rev\":\"1-731bef401491606a3b246ed178e697c1\"}]},\n"
            + "{\"seq\":\"5-g1AAAACbe\",\"id\":\"d4\",\"changes\":[{\"rev\":\"1-56942c56bad89aee3f6004bdfbe5d3d9\"}]},\n"
            + "{\"seq\":\"8-g1AAAACbe\",\"id\":\"conf\",\"changes\":[{\"rev\":\"2-f3ad41a0fdd7eef5d4e48395dca02255\"},"
            + "{\"rev\":\"2-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"}]},\n"
            + "{\"seq\":\"10-g1AAAACbe\",\"id\":\"gone\",\"changes\":[{\"rev\":\"2-d9b15b235a7d0afdfe6058d5fb8afbd1\"}],\"deleted\":true}\n"
            + "],\n\"last_seq\":\"10-g1AAAACbe\",\"pending\":0}\n";

    /** The answer of 2.7 to {@code filter=_doc_ids}. */
    static final String DOC_IDS = "{\"results\":[\n"
            + "{\"seq\":\"1-g1AAAAB5e\",\"id\":\"d1\",\"changes\":[{\"rev\":\"1-731bef401491606a3b246ed178e697c1\"}]},\n"
            + "{\"seq\":\"5-g1AAAAB5e\",\"id\":\"conf\",\"changes\":[{\"rev\":\"2-f3ad41a0fdd7eef5d4e48395dca02255\"},"
            + "{\"rev\":\"2-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"}]},\n"
            + "{\"seq\":\"7-g1AAAAB5e\",\"id\":\"gone\",\"changes\":[{\"rev\":\"2-d9b15b235a7d0afdfe6058d5fb8afbd1\"}],\"deleted\":true}\n"
            + "],\n\"last_seq\":\"14-g1AAAACbe\",\"pending\":8}\n";

    private static ChangesRequest request(Seq since, Optional<ChangesFilter> filter) {
        return new ChangesRequest(since, 1000, ChangesRequest.Feed.NORMAL, Duration.ofSeconds(10), filter, false, Map.of());
    }

    @Test
    void readsEveryLeafDeletionAndTheLastSeqOfAPage() throws Exception {
        try (RecordedServer server = RecordedServer.answering(r -> RecordedServer.Answer.json(200, ALL_DOCS))) {
            CouchClient client = server.client("ch");
            ChangesBatch batch = new ChangesCall(client, new ServerWelcome(client)).changes(request(Seq.ZERO, Optional.empty()));

            assertThat(batch.changes()).extracting(Change::id)
                    .containsExactly("d2", "d3", "_design/app", "d1", "d4", "conf", "gone");
            Change conf = batch.changes().get(5);
            assertThat(conf.revs()).containsExactly(Rev.parse("2-f3ad41a0fdd7eef5d4e48395dca02255"),
                    Rev.parse("2-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"));
            assertThat(batch.changes().get(6).deleted()).isTrue();
            assertThat(batch.lastSeq()).isEqualTo(new Seq("\"10-g1AAAACbe\""));
            assertThat(server.requests()).singleElement().satisfies(r -> {
                assertThat(r.method()).isEqualTo("GET");
                assertThat(r.pathAndQuery()).isEqualTo("/ch/_changes?style=all_docs&since=0&limit=1000&seq_interval=1000");
            });
        }
    }

    @Test
    void postsDocIdsAsCouchDbReadsThemAndPassesAStringSequenceUnquoted() throws Exception {
        try (RecordedServer server = RecordedServer.answering(r -> RecordedServer.Answer.json(200, DOC_IDS))) {
            CouchClient client = server.client("ch");
            ChangesBatch batch = new ChangesCall(client, new ServerWelcome(client)).changes(request(
                    new Seq("\"1-g1AAAAB5e\""), Optional.of(new ChangesFilter.DocIds(List.of("d1", "conf", "gone", "nosuch")))));

            assertThat(batch.changes()).extracting(Change::id).containsExactly("d1", "conf", "gone");
            assertThat(batch.lastSeq()).isEqualTo(new Seq("\"14-g1AAAACbe\""));
            RecordedServer.Request sent = server.requests().get(0);
            assertThat(sent.method()).isEqualTo("POST");
            assertThat(sent.pathAndQuery()).startsWith("/ch/_changes?style=all_docs&since=1-g1AAAAB5e&")
                    .endsWith("&filter=_doc_ids");
            assertThat(Json.MAPPER.readTree(sent.body()).toString())
                    .isEqualTo("{\"doc_ids\":[\"conf\",\"d1\",\"gone\",\"nosuch\"]}");
        }
    }

    @Test
    void buildsTheWholeQueryInOnePlace() throws Exception {
        ChangesRequest longpoll = new ChangesRequest(new Seq("42"), 5, ChangesRequest.Feed.LONGPOLL,
                Duration.ofSeconds(10), Optional.of(new ChangesFilter.Named("app/byflag", Map.of("flag", "red"))), true,
                Map.of("conflicts", "true"));
        ChangesCall.Query named = ChangesCall.Query.of(longpoll, false);
        assertThat(named.pathAndQuery()).isEqualTo("/_changes?style=main_only&since=42&limit=5&seq_interval=5"
                + "&feed=longpoll&heartbeat=10000&filter=app%2Fbyflag&flag=red&conflicts=true");
        assertThat(named.body()).isNull();

        ChangesRequest selector = request(Seq.ZERO, Optional.of(new ChangesFilter.Selector("{\"flag\": \"red\"}")));
        ChangesCall.Query posted = ChangesCall.Query.of(selector, false);
        assertThat(posted.pathAndQuery()).endsWith("&filter=_selector");
        assertThat(new String(posted.body(), StandardCharsets.UTF_8)).isEqualTo("{\"selector\":{\"flag\": \"red\"}}");
        ChangesCall.Query inQuery = ChangesCall.Query.of(selector, true);
        assertThat(inQuery.pathAndQuery()).endsWith("&filter=_selector&selector=%7B%22flag%22%3A%20%22red%22%7D");
        assertThat(inQuery.body()).isNull();
    }
}
