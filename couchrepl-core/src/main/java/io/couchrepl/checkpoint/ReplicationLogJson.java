package io.couchrepl.checkpoint;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.couchrepl.json.Jackson;
import io.couchrepl.protocol.ReplicationStats;
import io.couchrepl.protocol.Seq;
import io.couchrepl.spi.Checkpoint;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
     * {@code source_last_seq}) is refused with an {@link IOException} naming it. Read as a stream:
     * a short command that resumes from its log need not build Jackson's object mapper.
     */
    public static Checkpoint parse(String replicationId, String json) throws IOException {
        String sessionId = null;
        Seq lastSeq = null;
        List<Checkpoint.Session> history = new ArrayList<>();
        try (JsonParser p = Jackson.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw notALog(replicationId);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "session_id" -> sessionId = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "source_last_seq" -> lastSeq = seq(p);
                    case "history" -> {
                        if (value == JsonToken.START_ARRAY) {
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                session(p).ifPresent(history::add);
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw new IOException("_local/" + replicationId + " is not JSON", e);
        }
        if (sessionId == null || lastSeq == null) {
            throw notALog(replicationId);
        }
        return new Checkpoint(replicationId, sessionId, lastSeq, history);
    }

    /** One entry of {@code history}, the parser on its first token; empty when it is not a session. */
    private static Optional<Checkpoint.Session> session(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return Optional.empty();
        }
        Map<String, String> text = new HashMap<>();
        Map<String, Seq> seqs = new HashMap<>();
        Map<String, Long> counts = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "start_last_seq", "end_last_seq", "recorded_seq" -> seqs.put(field, seq(p));
                default -> {
                    if (value == JsonToken.VALUE_STRING) {
                        text.put(field, p.getText());
                    } else if (value.isNumeric()) {
                        counts.put(field, p.getValueAsLong());
                    } else {
                        p.skipChildren();
                    }
                }
            }
        }
        if (!text.containsKey("session_id") || !seqs.containsKey("recorded_seq")) {
            return Optional.empty();
        }
        return Optional.of(new Checkpoint.Session(
                text.get("session_id"),
                text.getOrDefault("start_time", ""),
                text.getOrDefault("end_time", ""),
                seqs.getOrDefault("start_last_seq", Seq.ZERO),
                seqs.getOrDefault("end_last_seq", Seq.ZERO),
                seqs.get("recorded_seq"),
                new ReplicationStats(
                        counts.getOrDefault("docs_read", 0L),
                        counts.getOrDefault("docs_written", 0L),
                        counts.getOrDefault("doc_write_failures", 0L),
                        counts.getOrDefault("missing_found", 0L),
                        counts.getOrDefault("missing_checked", 0L),
                        0)));
    }

    private static IOException notALog(String replicationId) {
        return new IOException("_local/" + replicationId + " is not a replication log");
    }

    /** The value under the parser, verbatim: a sequence is opaque JSON. */
    private static Seq seq(JsonParser p) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = Jackson.FACTORY.createGenerator(out)) {
            g.copyCurrentStructure(p);
        }
        return new Seq(out.toString());
    }
}
