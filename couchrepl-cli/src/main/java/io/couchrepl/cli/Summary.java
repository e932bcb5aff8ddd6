package io.couchrepl.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.couchrepl.json.Jackson;
import io.couchrepl.protocol.ReplicationStats;
import io.couchrepl.ReplicationStatus;
import io.couchrepl.SyncStatus;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** The JSON object {@code pull} prints on exit, with CouchDB's stat names. */
final class Summary {

    private Summary() {}

    static String of(ReplicationStatus status, String source, String target, long elapsedMillis) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = Jackson.FACTORY.createGenerator(out)) {
            write(g, status, source, target, elapsedMillis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A sync's summary: its state, then each direction as {@code pull} and {@code push}. */
    static String ofSync(SyncStatus status, String store, String remote, long elapsedMillis) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = Jackson.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("status", status.state().word());
            g.writeFieldName("pull");
            write(g, status.pull(), remote, store, elapsedMillis);
            g.writeFieldName("push");
            write(g, status.push(), store, remote, elapsedMillis);
            g.writeNumberField("elapsed_ms", elapsedMillis);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, ReplicationStatus status, String source, String target,
            long elapsedMillis) throws IOException {
        ReplicationStats stats = status.stats();
        g.writeStartObject();
        g.writeStringField("status", status.state().word());
        g.writeStringField("replication_id", status.replicationId());
        g.writeStringField("source", source);
        g.writeStringField("target", target);
        writeCounters(g, stats);
        writeLastSeq(g, status);
        g.writeNumberField("elapsed_ms", elapsedMillis);
        if (status.error().isPresent()) {
            g.writeStringField("error", Failures.describe(status.error().get()));
        }
        g.writeEndObject();
    }

    /** The counters with CouchDB's stat names, as fields of the object being written. */
    static void writeCounters(JsonGenerator g, ReplicationStats stats) throws IOException {
        g.writeNumberField("docs_read", stats.docsRead());
        g.writeNumberField("docs_written", stats.docsWritten());
        g.writeNumberField("doc_write_failures", stats.docWriteFailures());
        g.writeNumberField("missing_revisions_found", stats.missingRevisionsFound());
        g.writeNumberField("revisions_checked", stats.revisionsChecked());
        g.writeNumberField("changes_read", stats.changesRead());
    }

    /** {@code last_seq}: the sequence the last checkpoint covers, verbatim, or null. */
    static void writeLastSeq(JsonGenerator g, ReplicationStatus status) throws IOException {
        g.writeFieldName("last_seq");
        if (status.checkpointedSeq().isPresent()) {
            g.writeRawValue(status.checkpointedSeq().get().json());
        } else {
            g.writeNull();
        }
    }
}
