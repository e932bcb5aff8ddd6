package io.couchrepl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.memory.MemoryStore;
import io.couchrepl.testing.ForwardingProxy;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Sequences travel as opaque values: a source whose sequences are strings unlike any server's (a
 * proxy re-encodes every seq as {@code "opaque:<base64>"} and decodes {@code since} on the way back)
 * replicates and resumes exactly as the server itself.
 */
class OpaqueSequenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SINCE = Pattern.compile("since=([^&]*)");

    @Test
    void replicatesAndResumesWithSequencesItCannotInterpret() throws Exception {
        TestDb db = TestServer.shared().createDb("opaque");
        for (int i = 0; i < 9; i++) {
            db.put("d" + i, "{}");
        }
        MemoryStore store = new MemoryStore();
        try (ForwardingProxy proxy = ForwardingProxy.in(db.server())
                .rewriteRequests(OpaqueSequenceTest::decodeSince)
                .rewrite(request -> request.pathAndQuery().contains("/_changes") ? Optional.of(
                        ForwardingProxy.Answer.json(200, "")) : Optional.empty(), OpaqueSequenceTest::encodeSeqs)) {
            ReplicationOptions options = ReplicationOptions.builder().batchSize(4)
                    .checkpoints(CheckpointPlacement.BOTH).build();
            ReplicationStatus first;
            try (RemoteDatabase source = RemoteDatabase.open(proxy.urlOf(db))) {
                first = Replicator.create(source, store, options).run();
            }
            assertThat(first.error()).isEmpty();
            assertThat(first.checkpointedSeq().orElseThrow().json()).startsWith("\"opaque:");
            assertThat(store.readCheckpoint(first.replicationId()).orElseThrow().lastSeq())
                    .isEqualTo(first.checkpointedSeq().orElseThrow());
            assertThat(db.get("/_local/" + first.replicationId()).json().get("source_last_seq").asText())
                    .startsWith("opaque:");

            db.put("late", "{}");
            ReplicationStatus second;
            try (RemoteDatabase source = RemoteDatabase.open(proxy.urlOf(db))) {
                second = Replicator.create(source, store, options).run();
            }
            assertThat(second.stats().revisionsChecked()).isEqualTo(1);
            assertThat(second.stats().docsWritten()).isEqualTo(1);
        }
        assertThat(Leaves.ofStore(store.leaves())).containsExactlyElementsOf(Leaves.ofServer(db.leaves()));
        db.drop();
    }

    private static String encode(JsonNode seq) {
        return "opaque:" + Base64.getUrlEncoder().encodeToString(seq.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String encodeSeqs(String changes) {
        try {
            ObjectNode body = (ObjectNode) JSON.readTree(changes);
            body.put("last_seq", encode(body.get("last_seq")));
            for (JsonNode row : body.get("results")) {
                ((ObjectNode) row).put("seq", encode(row.get("seq")));
            }
            return body.toString();
        } catch (Exception e) {
            throw new AssertionError("not a _changes answer: " + changes, e);
        }
    }

    private static String decodeSince(String pathAndQuery) {
        Matcher m = SINCE.matcher(pathAndQuery);
        if (!m.find()) {
            return pathAndQuery;
        }
        String since = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
        if (!since.startsWith("opaque:")) {
            return pathAndQuery;
        }
        String json = new String(Base64.getUrlDecoder().decode(since.substring("opaque:".length())), StandardCharsets.UTF_8);
        String raw = json.startsWith("\"") ? json.substring(1, json.length() - 1) : json;
        return pathAndQuery.substring(0, m.start(1)) + URLEncoder.encode(raw, StandardCharsets.UTF_8)
                + pathAndQuery.substring(m.end(1));
    }
}
