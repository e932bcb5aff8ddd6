package io.couchrepl.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.couchrepl.protocol.ChangesBatch;
import io.couchrepl.protocol.Rev;
import io.couchrepl.protocol.Seq;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChangesParserTest {

    private static ChangesBatch parse(String json) throws IOException {
        return ChangesParser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsEveryLeafOfARowAndKeepsSequencesVerbatim() throws IOException {
        ChangesBatch batch = parse("{\"results\":[\n"
                + "{\"seq\":\"8-g1AAAACbe\",\"id\":\"conf\",\"changes\":[{\"rev\":\"2-f3\"},{\"rev\":\"2-bb\"}]},\n"
                + "{\"seq\":\"10-g1AA\",\"id\":\"gone\",\"changes\":[{\"rev\":\"2-d9\"}],\"deleted\":true}\n"
                + "],\n\"last_seq\":\"10-g1AA\",\"pending\":0}");
        assertThat(batch.changes()).hasSize(2);
        assertThat(batch.changes().get(0).revs()).containsExactly(Rev.parse("2-f3"), Rev.parse("2-bb"));
        assertThat(batch.changes().get(0).seq()).contains(new Seq("\"8-g1AAAACbe\""));
        assertThat(batch.changes().get(1).deleted()).isTrue();
        assertThat(batch.lastSeq()).isEqualTo(new Seq("\"10-g1AA\""));
        assertThat(batch.pending()).hasValue(0);
    }

    @Test
    void acceptsIntegerSequencesAndHeartbeatNewlines() throws IOException {
        ChangesBatch batch = parse("\n\n{\"results\":[{\"seq\":7,\"id\":\"a\",\"changes\":[{\"rev\":\"1-a\"}]}],\"last_seq\":7}");
        assertThat(batch.lastSeq()).isEqualTo(new Seq("7"));
        assertThat(batch.pending()).isEmpty();
    }

    @Test
    void rowsWithoutTheirSequenceAsSeqIntervalSendsThemTakeThePagesLastSeq() throws IOException {
        ChangesBatch batch = parse("{\"results\":[\n"
                + "{\"seq\":null,\"id\":\"a\",\"changes\":[{\"rev\":\"1-a\"}]},\n"
                + "{\"seq\":\"2-g1AA\",\"id\":\"b\",\"changes\":[{\"rev\":\"1-b\"}]}\n"
                + "],\n\"last_seq\":\"2-g1AA\",\"pending\":5}");
        assertThat(batch.changes().get(0).seq()).isEmpty();
        assertThat(batch.changes().get(1).seq()).contains(new Seq("\"2-g1AA\""));
        assertThat(batch.lastSeq()).isEqualTo(new Seq("\"2-g1AA\""));
    }

    @Test
    void aPageWithNeitherLastSeqNorASequenceOnItsLastRowIsMalformed() {
        assertThatThrownBy(() -> parse("{\"results\":[{\"seq\":null,\"id\":\"a\",\"changes\":[{\"rev\":\"1-a\"}]}]}"))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("no last_seq");
    }

    @Test
    void refusesARowWithoutRevisions() {
        assertThatThrownBy(() -> parse("{\"results\":[{\"seq\":1,\"id\":\"a\"}],\"last_seq\":1}"))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("lists no revisions");
    }

    @Test
    void refusesATruncatedAnswer() {
        assertThatThrownBy(() -> parse("{\"results\":[{\"seq\":1,\"id\":\"a\",\"chan"))
                .isInstanceOf(IOException.class);
    }
}
