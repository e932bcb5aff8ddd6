package io.couchrepl.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.FetchResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tells an answer cut short (retried) from one that is wrong (not retried), wherever the cut falls. */
class CountingBodyTest {

    private static final String CHANGES = "{\"results\":[{\"seq\":\"1-g1AAAA\",\"id\":\"ümlaut\",\"changes\":[{\"rev\":\"1-abc\"}],"
            + "\"deleted\":true},{\"seq\":2,\"id\":\"b\",\"changes\":[{\"rev\":\"2-def\"}],\"deleted\":false}],"
            + "\"last_seq\":\"2-g1AAAA\",\"pending\":0}";
    private static final String BULK_GET = "{\"results\":[{\"id\":\"a\",\"docs\":[{\"ok\":{\"_id\":\"a\",\"_rev\":\"1-abc\","
            + "\"n\":1.5e3,\"t\":true,\"f\":false,\"z\":null,\"_revisions\":{\"start\":1,\"ids\":[\"abc\"]}}}]}]}";

    @FunctionalInterface
    private interface Parser {
        void parse(CountingBody body) throws IOException;
    }

    private static void changes(CountingBody body) throws IOException {
        ChangesParser.parse(body);
    }

    private static void bulkGet(CountingBody body) throws IOException {
        List<DocRevision> found = new ArrayList<>();
        List<FetchResult.NotFound> notFound = new ArrayList<>();
        try (AttachmentSpool spool = new AttachmentSpool()) {
            RevisionsParser.parseBulkGet(body, spool, found, notFound);
        }
    }

    /** Whether parsing {@code bytes} fails as a broken-off answer; fails the test if it parses. */
    private static boolean brokenOff(byte[] bytes, Parser parser) throws IOException {
        CountingBody body = new CountingBody(new ByteArrayInputStream(bytes));
        try {
            parser.parse(body);
        } catch (JsonProcessingException e) {
            return body.endedAt(e.getLocation());
        } catch (MalformedResponseException e) {
            return body.endedAt(null);
        }
        return fail("parsed: " + new String(bytes, StandardCharsets.UTF_8));
    }

    @Test
    void everyCutOfAnAnswerCountsAsBrokenOff() throws IOException {
        for (String answer : List.of(CHANGES, BULK_GET)) {
            Parser parser = answer == CHANGES ? CountingBodyTest::changes : CountingBodyTest::bulkGet;
            byte[] whole = answer.getBytes(StandardCharsets.UTF_8);
            for (int length = 0; length < whole.length; length++) {
                byte[] cut = Arrays.copyOf(whole, length);
                assertThat(brokenOff(cut, parser))
                        .as("cut after %d bytes: %s", length, new String(cut, StandardCharsets.UTF_8)).isTrue();
            }
        }
    }

    @Test
    void anAnswerWrongBeforeItsEndIsNotBrokenOff() throws IOException {
        String garbage = "{\"results\":[oops]," + " ".repeat(200) + "\"last_seq\":1}";
        String noRevisions = "{\"results\":[{\"seq\":1,\"id\":\"a\",\"changes\":[]}]," + " ".repeat(200) + "\"last_seq\":1}";

        assertThat(brokenOff(garbage.getBytes(StandardCharsets.UTF_8), CountingBodyTest::changes)).isFalse();
        assertThat(brokenOff(noRevisions.getBytes(StandardCharsets.UTF_8), CountingBodyTest::changes)).isFalse();
        assertThat(brokenOff("<html>Log in</html>".getBytes(StandardCharsets.UTF_8), CountingBodyTest::changes))
                .isFalse();
    }
}
