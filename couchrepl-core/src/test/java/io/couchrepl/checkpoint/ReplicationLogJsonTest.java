package io.couchrepl.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.couchrepl.protocol.ReplicationStats;
import io.couchrepl.protocol.Seq;
import io.couchrepl.spi.Checkpoint;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicationLogJsonTest {

    @Test
    void roundTripsALogWithOpaqueSequencesVerbatim() throws IOException {
        Checkpoint.Session s = new Checkpoint.Session("s1", "Mon, 23 Nov 2026 11:57:07 GMT", "Mon, 23 Nov 2026 11:57:09 GMT",
                Seq.ZERO, new Seq("\"4-g1AA\""), new Seq("\"4-g1AA\""), new ReplicationStats(4, 4, 0, 4, 4, 0));
        Checkpoint log = new Checkpoint("abc", "s1", new Seq("\"4-g1AA\""), List.of(s));

        String json = ReplicationLogJson.toJson(log);

        assertThat(json).contains("\"_id\":\"_local/abc\"", "\"source_last_seq\":\"4-g1AA\"", "\"recorded_seq\":\"4-g1AA\"",
                "\"missing_checked\":4", "\"doc_write_failures\":0");
        assertThat(ReplicationLogJson.parse("abc", json)).isEqualTo(log);
    }

    @Test
    void readsTheLogCouchDbsReplicatorWrites() throws IOException {
        String couch = "{\"_id\":\"_local/d66\",\"_rev\":\"0-2\",\"session_id\":\"6fc6\",\"source_last_seq\":\"7-g1AAAACbe\","
                + "\"replication_id_version\":4,\"history\":[{\"session_id\":\"6fc6\",\"start_time\":\"Mon, 23 Nov 2026 11:57:10 GMT\","
                + "\"end_time\":\"Mon, 23 Nov 2026 11:57:13 GMT\",\"start_last_seq\":\"4-g1AAAACbe\",\"end_last_seq\":\"7-g1AAAACbe\","
                + "\"recorded_seq\":\"7-g1AAAACbe\",\"missing_checked\":7,\"missing_found\":7,\"docs_read\":7,\"docs_written\":7,"
                + "\"doc_write_failures\":0,\"bulk_get_docs\":6,\"bulk_get_attempts\":7},{\"session_id\":\"1f50\","
                + "\"start_last_seq\":0,\"recorded_seq\":\"4-g1AAAACbe\"}]}";

        Checkpoint log = ReplicationLogJson.parse("d66", couch);

        assertThat(log.sessionId()).isEqualTo("6fc6");
        assertThat(log.lastSeq()).isEqualTo(new Seq("\"7-g1AAAACbe\""));
        assertThat(log.history()).extracting(Checkpoint.Session::recordedSeq)
                .containsExactly(new Seq("\"7-g1AAAACbe\""), new Seq("\"4-g1AAAACbe\""));
        assertThat(log.history().get(1).startLastSeq()).isEqualTo(new Seq("0"));
    }

    @Test
    void refusesADocumentThatIsNotAReplicationLog() {
        assertThatThrownBy(() -> ReplicationLogJson.parse("x", "{\"note\":\"mine\"}"))
                .isInstanceOf(IOException.class).hasMessage("_local/x is not a replication log");
    }

    @Test
    void keepsAtMostFiftyRuns() {
        Checkpoint.Session s = new Checkpoint.Session("s", "", "", Seq.ZERO, Seq.ZERO, Seq.ZERO, ReplicationStats.ZERO);
        Checkpoint log = new Checkpoint("r", "s", Seq.ZERO, java.util.Collections.nCopies(80, s));
        assertThat(log.history()).hasSize(Checkpoint.MAX_HISTORY);
    }
}
