package io.couchrepl.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.couchrepl.ReplicationChange;
import io.couchrepl.ReplicationException;
import io.couchrepl.ReplicationListener;
import io.couchrepl.ReplicationStatus;
import io.couchrepl.json.Jackson;
import io.couchrepl.spi.WriteResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --events}: each replication event as one JSON line on stdout, PouchDB's event names with
 * CouchDB's stat names, for a script to pipe into {@code jq}. In a sync each line names its
 * {@code direction}, in a mirror its {@code database}. One writer may serve several replications
 * at once, on their threads.
 */
final class EventLines implements ReplicationListener {

    /** What {@code --events} asks for: the events, and with {@code docs} the ids and revs of each change. */
    enum Detail { events, docs }

    private final PrintWriter out;
    private final boolean withDocs;
    /** The field naming which replication a line is of, and its value; none for a lone replication. */
    private final Optional<Map.Entry<String, String>> label;

    private EventLines(PrintWriter out, boolean withDocs, Optional<Map.Entry<String, String>> label) {
        this.out = out;
        this.withDocs = withDocs;
        this.label = label;
    }

    static EventLines to(PrintWriter out, Detail detail) {
        return new EventLines(out, detail == Detail.docs, Optional.empty());
    }

    /** The same lines, naming the direction of a sync ({@code pull} or {@code push}). */
    EventLines forDirection(String name) {
        return new EventLines(out, withDocs, Optional.of(Map.entry("direction", name)));
    }

    /** The same lines, naming the database of a mirror. */
    EventLines forDatabase(String name) {
        return new EventLines(out, withDocs, Optional.of(Map.entry("database", name)));
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private void line(String event, Fields fields) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = Jackson.FACTORY.createGenerator(text)) {
            g.writeStartObject();
            g.writeStringField("event", event);
            if (label.isPresent()) {
                g.writeStringField(label.get().getKey(), label.get().getValue());
            }
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }

    @Override
    public void onActive(ReplicationStatus status) {
        line("active", g -> {});
    }

    @Override
    public void onChange(ReplicationChange change, ReplicationStatus status) {
        line("change", g -> {
            Summary.writeCounters(g, status.stats());
            g.writeFieldName("pending");
            if (change.pending().isPresent()) {
                g.writeNumber(change.pending().getAsLong());
            } else {
                g.writeNull();
            }
            g.writeFieldName("last_seq");
            g.writeRawValue(change.lastSeq().json());
            if (change.newConflicts().isPresent()) {
                g.writeArrayFieldStart("conflicts");
                for (String id : change.newConflicts().get()) {
                    g.writeString(id);
                }
                g.writeEndArray();
            }
            if (withDocs) {
                g.writeArrayFieldStart("docs");
                for (ReplicationChange.Revision revision : change.written()) {
                    g.writeStartObject();
                    g.writeStringField("id", revision.id());
                    g.writeStringField("rev", revision.rev().toString());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
        });
    }

    @Override
    public void onDenied(WriteResult.Failure denied, ReplicationStatus status) {
        line("denied", g -> {
            g.writeStringField("id", denied.id());
            g.writeStringField("rev", denied.rev().toString());
            g.writeStringField("error", denied.error());
            g.writeStringField("reason", denied.reason());
        });
    }

    @Override
    public void onWaiting(ReplicationStatus status) {
        line("paused", g -> g.writeStringField("cause", "caught_up"));
    }

    @Override
    public void onCrashing(ReplicationException error, Duration retryIn, ReplicationStatus status) {
        line("paused", g -> {
            g.writeStringField("cause", "unavailable");
            g.writeStringField("error", Failures.describe(error));
            g.writeNumberField("retry_in_ms", retryIn.toMillis());
        });
    }

    @Override
    public void onPaused(ReplicationStatus status) {
        line("paused", g -> g.writeStringField("cause", "paused"));
    }

    @Override
    public void onComplete(ReplicationStatus status) {
        line("complete", g -> {
            g.writeStringField("status", status.state().word());
            Summary.writeCounters(g, status.stats());
            Summary.writeLastSeq(g, status);
        });
    }

    @Override
    public void onError(ReplicationException error, ReplicationStatus status) {
        line("error", g -> {
            g.writeStringField("error", Failures.describe(error));
            Summary.writeCounters(g, status.stats());
        });
    }
}
