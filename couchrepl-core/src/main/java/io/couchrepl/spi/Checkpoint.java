package io.couchrepl.spi;

import io.couchrepl.protocol.ReplicationStats;
import io.couchrepl.protocol.Seq;
import java.util.List;
import java.util.Objects;

/**
 * A replication log, as CouchDB and couchrepl keep it in the {@code _local/<replication id>}
 * document: every change of the source up to {@code lastSeq} ({@code source_last_seq}) is held by
 * the target; {@code sessionId} names the run that recorded it; {@code history} lists the runs,
 * newest first, each with the sequence it recorded and its counters.
 */
public record Checkpoint(String replicationId, String sessionId, Seq lastSeq, List<Session> history) {

    /** How many runs a log remembers, as CouchDB's replicator. */
    public static final int MAX_HISTORY = 50;

    /** One run of a replication, as a history entry. Counters are cumulative over the runs, as CouchDB counts them. */
    public record Session(
            String sessionId,
            String startTime,
            String endTime,
            Seq startLastSeq,
            Seq endLastSeq,
            Seq recordedSeq,
            ReplicationStats stats) {

        public Session {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(recordedSeq, "recordedSeq");
            stats = Objects.requireNonNull(stats, "stats").asLogged();
        }
    }

    public Checkpoint {
        Objects.requireNonNull(replicationId, "replicationId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(lastSeq, "lastSeq");
        history = List.copyOf(history.size() > MAX_HISTORY ? history.subList(0, MAX_HISTORY) : history);
    }

    /** A log without history. */
    public Checkpoint(String replicationId, String sessionId, Seq lastSeq) {
        this(replicationId, sessionId, lastSeq, List.of());
    }

    /** The id of the {@code _local} document that holds this log. */
    public String localId() {
        return localId(replicationId);
    }

    public static String localId(String replicationId) {
        return "_local/" + replicationId;
    }
}
