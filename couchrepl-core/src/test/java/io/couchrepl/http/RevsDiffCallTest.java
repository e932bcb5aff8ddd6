package io.couchrepl.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.protocol.MissingRevs;
import io.couchrepl.protocol.Rev;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code _revs_diff}, on the exchange of EXCHANGES.md section 3. */
class RevsDiffCallTest {

    static final String ANSWER = "{\n \"plain\": {\n"
            + "  \"missing\": [\"1-00000000000000000000000000000000\",\"2-cccccccccccccccccccccccccccccccc\",\"3-ffffffffffffffffffffffffffffffff\"],\n"
            + "  \"possible_ancestors\": [\"2-d0df861eb528e79690cd2ff3c4d394f3\"]\n },\n"
            + " \"nosuchdoc\": {\"missing\":[\"1-abcabcabcabcabcabcabcabcabcabcab\",\"2-abcabcabcabcabcabcabcabcabcabcab\"]},\n"
            + " \"att\": {\n  \"missing\": [\"3-eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee\"],\n"
            + "  \"possible_ancestors\": [\"2-4b65d9dfa7844c32d72b8453f6192eea\"]\n }\n}";

    private static List<Rev> revs(String... revs) {
        return java.util.Arrays.stream(revs).map(Rev::parse).toList();
    }

    @Test
    void readsWhatTheTargetLacksAndTheAncestorsItMayUse() throws Exception {
        Map<String, List<Rev>> asked = new LinkedHashMap<>();
        asked.put("plain", revs("2-d0df861eb528e79690cd2ff3c4d394f3", "1-7a7e4b29f3af401e69b6f86e4c26b727",
                "3-ffffffffffffffffffffffffffffffff", "2-cccccccccccccccccccccccccccccccc", "1-00000000000000000000000000000000"));
        asked.put("del", revs("2-d9b15b235a7d0afdfe6058d5fb8afbd1"));
        asked.put("att", revs("1-a9b3ecc824a589566a86ad2a605ad1cc", "3-eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"));
        asked.put("nosuchdoc", revs("1-abcabcabcabcabcabcabcabcabcabcab", "2-abcabcabcabcabcabcabcabcabcabcab"));
        try (RecordedServer server = RecordedServer.answering(r -> RecordedServer.Answer.json(200, ANSWER))) {
            Map<String, MissingRevs> missing = new RevsDiffCall(server.client("r")).revsDiff(asked);

            assertThat(missing.keySet()).containsExactly("plain", "nosuchdoc", "att");
            assertThat(missing.get("plain").missing()).containsExactly(Rev.parse("1-00000000000000000000000000000000"),
                    Rev.parse("2-cccccccccccccccccccccccccccccccc"), Rev.parse("3-ffffffffffffffffffffffffffffffff"));
            assertThat(missing.get("plain").possibleAncestors()).containsExactly(Rev.parse("2-d0df861eb528e79690cd2ff3c4d394f3"));
            assertThat(missing.get("nosuchdoc").possibleAncestors()).isEmpty();
            RecordedServer.Request sent = server.requests().get(0);
            assertThat(sent.method() + " " + sent.pathAndQuery()).isEqualTo("POST /r/_revs_diff");
            assertThat(Json.MAPPER.readTree(sent.body()).get("plain")).hasSize(5);
        }
    }

    @Test
    void asksNothingWhenThereIsNothingToAsk() throws Exception {
        try (RecordedServer server = RecordedServer.answering(r -> RecordedServer.Answer.json(200, "{}"))) {
            assertThat(new RevsDiffCall(server.client("r")).revsDiff(Map.of())).isEmpty();
            assertThat(server.requests()).isEmpty();
        }
    }
}
