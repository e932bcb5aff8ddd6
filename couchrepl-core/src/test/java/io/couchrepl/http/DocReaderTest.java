package io.couchrepl.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class DocReaderTest {

    private static DocRevision read(String json) throws IOException {
        try (JsonParser p = Json.FACTORY.createParser(json)) {
            p.nextToken();
            return DocReader.read(p);
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
        DocRevision doc = read("{\"_id\":\"x\",\"_rev\":\"2-b\",\"_deleted\":true,\"_attachments\":{\"a\":{\"stub\":true}},"
                + "\"_conflicts\":[\"2-c\"],\"_revisions\":{\"start\":2,\"ids\":[\"b\",\"a\"]},\"t\":\"\\u00fc\\n\"}");
        assertThat(doc.id()).isEqualTo("x");
        assertThat(doc.rev()).isEqualTo(Rev.parse("2-b"));
        assertThat(doc.deleted()).isTrue();
        assertThat(doc.history()).containsExactly("b", "a");
        assertThat(doc.body()).isEqualTo("{\"_attachments\":{\"a\":{\"stub\":true}},\"t\":\"ü\\n\"}");
    }

    @Test
    void refusesRevisionsThatDoNotStartAtTheRev() {
        assertThatThrownBy(() -> read("{\"_id\":\"x\",\"_rev\":\"2-b\",\"_revisions\":{\"start\":3,\"ids\":[\"b\"]}}"))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("do not start at its _rev");
    }
}
