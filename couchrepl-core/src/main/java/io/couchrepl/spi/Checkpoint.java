package io.couchrepl.spi;

import io.couchrepl.protocol.Seq;
import java.util.Objects;

/**
 * How far a replication has come: every change of the source up to {@code lastSeq} is held by the
 * target. {@code sessionId} names the run that recorded it.
 */
public record Checkpoint(String replicationId, String sessionId, Seq lastSeq) {

    public Checkpoint {
        Objects.requireNonNull(replicationId, "replicationId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(lastSeq, "lastSeq");
    }
}
