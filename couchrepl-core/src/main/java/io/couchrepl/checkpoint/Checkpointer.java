package io.couchrepl.checkpoint;

import io.couchrepl.CheckpointPlacement;
import io.couchrepl.protocol.ReplicationStats;
import io.couchrepl.protocol.Seq;
import io.couchrepl.spi.Checkpoint;
import io.couchrepl.spi.LocalDocuments;
import io.couchrepl.spi.Target;
import io.couchrepl.spi.WriteRefusedException;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a replication's log where its placement says: reads the logs at the start to choose where
 * to begin, and records how far the replication has come.
 *
 * <p>The target's log is written with each batch, in the same call as the batch's revisions, so it
 * never runs ahead of what the target holds. The remote log (the source's, or a pinned store's) is
 * written only after the target holds the batch and {@link Target#makeDurable()} has made it survive
 * a power cut (so a source's log never claims what a power cut took from the target): after each batch in one-shot mode, at most every
 * {@code interval} in continuous mode, and always when the replication catches up, pauses or ends.
 * A remote that refuses the write falls back to the target with one warning; any other failure to
 * write it is logged and tried again at the next checkpoint.
 */
public final class Checkpointer {

    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final String replicationId;
    private final String sessionId;
    private final Target target;
    private final Optional<LocalDocuments> remote;
    private final Duration interval;
    private final boolean continuous;
    private final LongSupplier clock;
    private final String startTime = now();

    private CheckpointPlacement placement;
    private Seq startSeq = Seq.ZERO;
    private List<Checkpoint.Session> baseHistory = List.of();
    private ReplicationStats baseStats = ReplicationStats.ZERO;
    private Checkpoint latest;
    private boolean remotePending;
    private long lastRemoteWrite;

    public Checkpointer(String replicationId, String sessionId, CheckpointPlacement placement, Target target,
            Optional<LocalDocuments> remote, Duration interval, boolean continuous) {
        this(replicationId, sessionId, placement, target, remote, interval, continuous, System::nanoTime);
    }

    Checkpointer(String replicationId, String sessionId, CheckpointPlacement placement, Target target,
            Optional<LocalDocuments> remote, Duration interval, boolean continuous, LongSupplier clock) {
        if (placement.usesRemote() && remote.isEmpty()) {
            throw new IllegalArgumentException("checkpoint placement " + placement.word()
                    + " needs a source (or pinned store) that keeps _local documents");
        }
        this.replicationId = replicationId;
        this.sessionId = sessionId;
        this.placement = placement;
        this.target = target;
        this.remote = remote;
        this.interval = interval;
        this.continuous = continuous;
        this.clock = clock;
        this.lastRemoteWrite = clock.getAsLong();
    }

    /** Reads the logs and chooses where to start; {@code since} overrides them. */
    public StartPoint start(Optional<Seq> since) throws IOException {
        Optional<Checkpoint> remoteLog = placement.usesRemote() ? readRemote() : Optional.empty();
        Optional<Checkpoint> targetLog = placement.usesTarget() ? target.readCheckpoint(replicationId) : Optional.empty();
        StartPoint start = since.isPresent()
                ? new StartPoint(since, "the since option")
                : StartPoint.choose(placement, remoteLog, targetLog);
        startSeq = start.since().orElse(Seq.ZERO);
        if (start.since().isPresent() && since.isEmpty()) {
            // Continue the history of the log we resume from (the source's where both agree, as CouchDB).
            Checkpoint base = remoteLog.or(() -> targetLog).orElseThrow();
            baseHistory = base.history();
            if (!baseHistory.isEmpty()) {
                baseStats = baseHistory.get(0).stats();
            }
        }
        log.debug("replication {} starts at {}: {}", replicationId, startSeq, start.why());
        return start;
    }

    private Optional<Checkpoint> readRemote() throws IOException {
        Optional<String> json = remote.orElseThrow().getLocal(Checkpoint.localId(replicationId));
        if (json.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ReplicationLogJson.parse(replicationId, json.get()));
        } catch (IOException e) {
            log.warn("ignoring {} on the source: {}", Checkpoint.localId(replicationId), e.getMessage());
            return Optional.empty();
        }
    }

    public CheckpointPlacement placement() {
        return placement;
    }

    /** The log recording {@code seq}, for the target to write with the batch that reaches it; empty when the target keeps none. */
    public Optional<Checkpoint> forTarget(Seq seq, ReplicationStats session) {
        Checkpoint checkpoint = build(seq, session);
        return placement.usesTarget() ? Optional.of(checkpoint) : Optional.empty();
    }

    /** The target now holds everything up to {@code seq}: records it on the remote when due. */
    public Optional<Checkpoint> recorded(Seq seq, ReplicationStats session) throws IOException {
        latest = build(seq, session);
        remotePending = true;
        if (!continuous || clock.getAsLong() - lastRemoteWrite >= interval.toNanos()) {
            flush();
        }
        return Optional.of(latest);
    }

    /** Records {@code seq} with no revisions to write (a filtered feed moved on without rows). */
    public Optional<Checkpoint> recordWithoutDocs(Seq seq, ReplicationStats session) throws IOException {
        Optional<Checkpoint> forTarget = forTarget(seq, session);
        if (forTarget.isPresent()) {
            target.writeCheckpoint(forTarget.get());
        }
        return recorded(seq, session);
    }

    /** Writes a pending remote log now: when caught up, paused or ending. */
    public void flush() throws IOException {
        if (!remotePending || latest == null || !placement.usesRemote()) {
            return;
        }
        try {
            // The remote log vouches for what the target holds: make that durable first.
            target.makeDurable();
            remote.orElseThrow().putLocal(latest.localId(), ReplicationLogJson.toJson(latest));
            remotePending = false;
            lastRemoteWrite = clock.getAsLong();
        } catch (WriteRefusedException e) {
            log.warn("the source refuses to keep the checkpoint ({}); keeping it on the target only", e.getMessage());
            placement = CheckpointPlacement.TARGET;
            remotePending = false;
            target.writeCheckpoint(latest);
        } catch (IOException e) {
            // The target holds the data; a checkpoint a little behind only means re-checking a few changes.
            log.warn("could not record the checkpoint on the source, trying again at the next one: {}", e.getMessage());
        }
    }

    private Checkpoint build(Seq seq, ReplicationStats session) {
        Checkpoint.Session entry = new Checkpoint.Session(sessionId, startTime, now(), startSeq, seq, seq,
                baseStats.plus(session));
        List<Checkpoint.Session> history = new ArrayList<>(baseHistory.size() + 1);
        history.add(entry);
        history.addAll(baseHistory);
        return new Checkpoint(replicationId, sessionId, seq, history);
    }

    private static String now() {
        return HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
    }
}
