package io.couchrepl.checkpoint;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.couchrepl.json.Jackson;
import io.couchrepl.protocol.ReplicationStats;
import io.couchrepl.protocol.Seq;
import io.couchrepl.spi.Checkpoint;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code _local/<replication id>} document of a replication log, in the format CouchDB's
 * replicator writes ({@code session_id}, {@code source_last_seq}, {@code history}); sequences are
 * written and read back as the raw JSON they are.
 */
public final class ReplicationLogJson {

    private ReplicationLogJson() {}

    public static String toJson(Checkpoint log) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = Jackson.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("_id", log.localId());
            g.writeStringField("session_id", log.sessionId());
            g.writeFieldName("source_last_seq");
            g.writeRawValue(log.lastSeq().json());
            g.writeStringField("replicator", "couchrepl");
            g.writeArrayFieldStart("history");
            for (Checkpoint.Session s : log.history()) {
                g.writeStartObject();
                g.writeStringField("session_id", s.sessionId());
                g.writeStringField("start_time", s.startTime());
                g.writeStringField("end_time", s.endTime());
                writeSeq(g, "start_last_seq", s.startLastSeq());
                writeSeq(g, "end_last_seq", s.endLastSeq());
                writeSeq(g, "recorded_seq", s.recordedSeq());
                g.writeNumberField("missing_checked", s.stats().revisionsChecked());
                g.writeNumberField("missing_found", s.stats().missingRevisionsFound());
                g.writeNumberField("docs_read", s.stats().docsRead());
                g.writeNumberField("docs_written", s.stats().docsWritten());
                g.writeNumberField("doc_write_failures", s.stats().docWriteFailures());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeSeq(JsonGenerator g, String name, Seq seq) throws IOException {
        g.writeFieldName(name);
        g.writeRawValue(seq == null ? "0" : seq.json());
    }

    /**
     * Reads a log; a document that is not a replication log (no {@code session_id} or
     * {@code source_last_seq}) is refused with an {@link IOException} naming it.
     */
    public static Checkpoint parse(String replicationId, String json) throws IOException {
        JsonNode doc;
        try {
            doc = Jackson.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IOException("_local/" + replicationId + " is not JSON", e);
        }
        if (doc == null || !doc.isObject() || !doc.path("session_id").isTextual() || !doc.has("source_last_seq")) {
            throw new IOException("_local/" + replicationId + " is not a replication log");
        }
        List<Checkpoint.Session> history = new ArrayList<>();
        for (JsonNode s : doc.path("history")) {
            if (!s.path("session_id").isTextual() || !s.has("recorded_seq")) {
                continue;
            }
            history.add(new Checkpoint.Session(
                    s.get("session_id").asText(),
                    s.path("start_time").asText(""),
                    s.path("end_time").asText(""),
                    seq(s.get("start_last_seq")),
                    seq(s.get("end_last_seq")),
                    seq(s.get("recorded_seq")),
                    new ReplicationStats(
                            s.path("docs_read").asLong(),
                            s.path("docs_written").asLong(),
                            s.path("doc_write_failures").asLong(),
                            s.path("missing_found").asLong(),
                            s.path("missing_checked").asLong(),
                            0)));
        }
        return new Checkpoint(replicationId, doc.get("session_id").asText(), seq(doc.get("source_last_seq")), history);
    }

    private static Seq seq(JsonNode node) throws IOException {
        return node == null || node.isMissingNode() ? Seq.ZERO : new Seq(Jackson.MAPPER.writeValueAsString(node));
    }
}
