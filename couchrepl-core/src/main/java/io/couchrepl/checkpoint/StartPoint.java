package io.couchrepl.checkpoint;

import io.couchrepl.CheckpointPlacement;
import io.couchrepl.protocol.Seq;
import io.couchrepl.spi.Checkpoint;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where a replication starts, from the logs its peers hold, following CouchDB's rules: with logs on
 * both peers, the same session means they agree on {@code source_last_seq}; otherwise the newest
 * entry whose session both histories know; otherwise the beginning. Sequences are only carried,
 * never compared.
 */
public record StartPoint(Optional<Seq> since, String why) {

    public static StartPoint beginning(String why) {
        return new StartPoint(Optional.empty(), why);
    }

    /** Chooses from the logs read for a placement; an absent log is {@code Optional.empty()}. */
    public static StartPoint choose(CheckpointPlacement placement, Optional<Checkpoint> remote, Optional<Checkpoint> target) {
        return switch (placement) {
            case NONE -> beginning("checkpoints are off");
            case TARGET -> target.map(log -> from(log.lastSeq(), "the target's checkpoint"))
                    .orElseGet(() -> beginning("the target holds no checkpoint"));
            case SOURCE -> remote.map(log -> from(log.lastSeq(), "the source's checkpoint"))
                    .orElseGet(() -> beginning("the source holds no checkpoint"));
            case BOTH -> {
                if (remote.isEmpty() || target.isEmpty()) {
                    yield beginning(remote.isEmpty() && target.isEmpty() ? "no checkpoint yet"
                            : "only one peer holds a checkpoint");
                }
                yield compare(remote.get(), target.get());
            }
        };
    }

    private static StartPoint from(Seq seq, String why) {
        return new StartPoint(Optional.of(seq), why);
    }

    /** CouchDB's compare_replication_logs. */
    static StartPoint compare(Checkpoint source, Checkpoint target) {
        if (source.sessionId().equals(target.sessionId())) {
            return from(source.lastSeq(), "both peers' checkpoints agree");
        }
        List<Checkpoint.Session> s = source.history();
        List<Checkpoint.Session> t = target.history();
        Set<String> sourceSessions = sessions(s);
        Set<String> targetSessions = sessions(t);
        // Walk both histories from the newest entry, as CouchDB does, until one side's entry is known to the other.
        for (int i = 0; i < Math.max(s.size(), t.size()); i++) {
            if (i < s.size() && targetSessions.contains(s.get(i).sessionId())) {
                return from(s.get(i).recordedSeq(), "the newest session both histories know");
            }
            if (i < t.size() && sourceSessions.contains(t.get(i).sessionId())) {
                return from(t.get(i).recordedSeq(), "the newest session both histories know");
            }
        }
        return beginning("the peers' histories have no session in common");
    }

    private static Set<String> sessions(List<Checkpoint.Session> history) {
        Set<String> ids = new HashSet<>();
        for (Checkpoint.Session session : history) {
            ids.add(session.sessionId());
        }
        return ids;
    }
}
