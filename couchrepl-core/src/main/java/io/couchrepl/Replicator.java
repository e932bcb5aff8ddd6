package io.couchrepl;

import io.couchrepl.checkpoint.Checkpointer;
import io.couchrepl.checkpoint.ReplicationId;
import io.couchrepl.checkpoint.StartPoint;
import io.couchrepl.spi.DocException;
import io.couchrepl.spi.LocalEdits;
import io.couchrepl.engine.Control;
import io.couchrepl.engine.EngineConfig;
import io.couchrepl.engine.EngineEvents;
import io.couchrepl.engine.PageWritten;
import io.couchrepl.engine.ReplicationEngine;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.ReplicationStats;
import io.couchrepl.protocol.Seq;
import io.couchrepl.retry.Backoff;
import io.couchrepl.spi.Checkpoint;
import io.couchrepl.spi.LocalDocuments;
import io.couchrepl.spi.Source;
import io.couchrepl.spi.Target;
import io.couchrepl.spi.UnavailableException;
import io.couchrepl.spi.WriteResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replication from a {@link Source} to a {@link Target}: one-shot or continuous, with
 * {@link #status()}, {@link #pause()}, {@link #resume()}, {@link #stop()} and listeners.
 *
 * <pre>{@code
 * try (RemoteDatabase source = RemoteDatabase.open("http://user:pass@127.0.0.1:5984/db");
 *      MemoryStore target = new MemoryStore()) {
 *     ReplicationStatus result = Replicator.create(source, target, ReplicationOptions.defaults()).run();
 * }
 * }</pre>
 *
 * <p>{@link #run()} replicates on the calling thread; {@link #start()} on a thread of its own. A
 * replicator runs once. Source and target are the caller's to close.
 */
public final class Replicator {

    private static final Logger log = LoggerFactory.getLogger(Replicator.class);

    private final Source source;
    private final Target target;
    private final ReplicationOptions options;
    private final String replicationId;
    private final Control control = new Control();
    private final List<ReplicationListener> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Backoff restarts;

    private volatile ReplicationState state = ReplicationState.STARTING;
    private volatile ReplicationStats stats = ReplicationStats.ZERO;
    private volatile Seq checkpointedSeq;
    private volatile ReplicationException error;
    private volatile List<WriteResult.Failure> denied = List.of();
    private volatile long deniedNotKept;
    private volatile boolean launched;
    private LocalDocuments checkpointKeeper;
    private volatile boolean reportNewConflicts;

    private Replicator(Source source, Target target, ReplicationOptions options) {
        this.source = source;
        this.target = target;
        this.options = options;
        this.restarts = new Backoff(options.restartPolicy());
        this.replicationId = options.replicationId().orElseGet(
                () -> ReplicationId.derive(source.identity(), target.identity(), options.feedIdentity()));
        if (options.checkpoints().usesRemote() && !(source instanceof LocalDocuments)) {
            throw new IllegalArgumentException("checkpoint placement " + options.checkpoints().word()
                    + " needs a source that keeps _local documents, or a pinned store (pinCheckpoints)");
        }
        this.checkpointKeeper = source instanceof LocalDocuments local ? local : null;
    }

    /**
     * Keeps the remote replication log (placement {@code SOURCE} or {@code BOTH}) in this store
     * instead of the source: the PouchDB pattern of a log that outlives the local store.
     */
    public Replicator pinCheckpoints(LocalDocuments store) {
        this.checkpointKeeper = java.util.Objects.requireNonNull(store, "store");
        return this;
    }

    /**
     * When the target is a local store ({@link LocalEdits}), each change event lists the documents
     * its page left in conflict that were not in conflict before ({@link ReplicationChange#newConflicts()}),
     * so an application can offer a resolution. It costs two reads of the store per document
     * written; without it, and on other targets, the list is absent.
     */
    public Replicator reportNewConflicts() {
        this.reportNewConflicts = target instanceof LocalEdits;
        return this;
    }

    public static Replicator create(Source source, Target target, ReplicationOptions options) {
        return new Replicator(source, target, options);
    }

    public Replicator addListener(ReplicationListener listener) {
        listeners.add(listener);
        return this;
    }

    public String replicationId() {
        return replicationId;
    }

    /** The options this replication runs with. */
    public ReplicationOptions options() {
        return options;
    }

    /** Replicates on the calling thread until completed, stopped or failed, and returns the final status. */
    public ReplicationStatus run() {
        claim();
        execute();
        return status();
    }

    /** Replicates on a new thread; {@link #await} waits for the end. */
    public Replicator start() {
        claim();
        Thread thread = new Thread(this::execute, "couchrepl-" + replicationId.substring(0, Math.min(8, replicationId.length())));
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private synchronized void claim() {
        if (launched) {
            throw new IllegalStateException("replication " + replicationId + " has already been started");
        }
        launched = true;
    }

    /** Waits for the end; returns the final status, or the current one if the time ran out. */
    public ReplicationStatus await(Duration timeout) throws InterruptedException {
        ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return status();
    }

    /** Stops after the page in progress is written (a wait on the source is cut short), keeping the checkpoint. */
    public void pause() {
        control.pause();
    }

    public void resume() {
        control.resume();
    }

    /** Ends the replication at its last checkpoint; a continuous one ends in {@link ReplicationState#STOPPED}. */
    public void stop() {
        control.stop();
    }

    public ReplicationStatus status() {
        return new ReplicationStatus(state, replicationId, Optional.ofNullable(checkpointedSeq), stats,
                Optional.ofNullable(error), denied, deniedNotKept);
    }

    private void execute() {
        try {
            runRestartingAfterOutages();
            state = control.isStopped() ? ReplicationState.STOPPED : ReplicationState.COMPLETED;
            notifyListeners(l -> l.onComplete(status()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state = ReplicationState.STOPPED;
            notifyListeners(l -> l.onComplete(status()));
        } catch (Exception e) {
            error = new ReplicationException(replicationId, describe(e), e);
            state = ReplicationState.FAILED;
            log.debug("replication {} failed", replicationId, e);
            notifyListeners(l -> l.onError(error, status()));
        } finally {
            ended.countDown();
        }
    }

    /**
     * Runs the engine. A continuous replication whose source became unavailable (after the source's
     * own retries) waits in {@link ReplicationState#CRASHING}, longer each time, and starts again from
     * its last checkpoint, as CouchDB's scheduler restarts a crashed job; until stopped, or until the
     * restart policy runs out.
     */
    private void runRestartingAfterOutages() throws IOException, InterruptedException {
        Events events = new Events();
        Optional<Seq> since = options.since();
        while (true) {
            // Each start is a session of its own in the replication log, as CouchDB's restarted jobs are.
            String sessionId = UUID.randomUUID().toString().replace("-", "");
            EngineConfig config = new EngineConfig(replicationId, sessionId, options.continuous(), options.batchSize(),
                    options.heartbeat(), options.changesParams(), options.filter(), options.winningRevsOnly(), since);
            try {
                Checkpointer checkpointer = new Checkpointer(replicationId, sessionId, options.checkpoints(), target,
                        Optional.ofNullable(checkpointKeeper), options.checkpointInterval(), options.continuous());
                new ReplicationEngine(source, target, checkpointer, config, events, control).run();
                return;
            } catch (IOException e) {
                if (!options.continuous() || !UnavailableException.isIn(e) || control.isStopped() || !restarts.hasNext()) {
                    throw e;
                }
                Duration wait = restarts.next();
                events.crashing(e, wait);
                if (!control.sleep(wait)) {
                    return;
                }
                // Without a given start the engine reads the checkpoint again; with one, it goes on from ours.
                if (since.isPresent() && checkpointedSeq != null) {
                    since = Optional.of(checkpointedSeq);
                }
            }
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private void notifyListeners(Consumer<ReplicationListener> call) {
        for (ReplicationListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                log.warn("a replication listener failed: {}", e.toString());
            }
        }
    }

    /** Turns engine events into state and listener calls. */
    private final class Events implements EngineEvents {

        @Override
        public void started(StartPoint start, Seq since) {
            start.since().ifPresent(seq -> checkpointedSeq = seq);
            log.debug("replication {} starts from {} ({})", replicationId, since, start.why());
            // After a crash the replication is active again only once the source answers.
            if (state != ReplicationState.CRASHING) {
                becomeActive();
            }
        }

        /** Documents of the page being written that were in conflict before it; null when not watched. */
        private Set<String> conflictedBefore;

        @Override
        public void writing(List<DocRevision> revisions) {
            if (!reportNewConflicts) {
                return;
            }
            conflictedBefore = new HashSet<>();
            for (DocRevision revision : revisions) {
                if (inConflict(revision.id())) {
                    conflictedBefore.add(revision.id());
                }
            }
        }

        private boolean inConflict(String id) {
            try {
                return !((LocalEdits) target).conflicts(id).isEmpty();
            } catch (DocException e) {
                return false; // not there yet, or deleted: no live leaves in conflict
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The documents of the page in conflict now and not before, each once, in page order. */
        private Optional<List<String>> newConflicts(List<ReplicationChange.Revision> written) {
            if (conflictedBefore == null) {
                return Optional.empty();
            }
            Set<String> found = new LinkedHashSet<>();
            for (ReplicationChange.Revision revision : written) {
                if (!conflictedBefore.contains(revision.id()) && !found.contains(revision.id()) && inConflict(revision.id())) {
                    found.add(revision.id());
                }
            }
            conflictedBefore = null;
            return Optional.of(List.copyOf(found));
        }

        @Override
        public void batchWritten(PageWritten page) {
            stats = stats.plus(page.stats());
            keepDenied(page.refused());
            restarts.reset();
            if (state != ReplicationState.REPLICATING) {
                becomeActive();
            }
            ReplicationStatus now = status();
            for (WriteResult.Failure refused : page.refused()) {
                notifyListeners(l -> l.onDenied(refused, now));
            }
            notifyListeners(l -> l.onBatchWritten(page.stats(), now));
            if (!listeners.isEmpty()) {
                List<ReplicationChange.Revision> written = written(page);
                ReplicationChange change = new ReplicationChange(page.stats(), page.lastSeq(), page.pending(),
                        written, newConflicts(written));
                notifyListeners(l -> l.onChange(change, now));
            }
        }

        private void keepDenied(List<WriteResult.Failure> refused) {
            if (refused.isEmpty()) {
                return;
            }
            int room = Math.max(0, ReplicationStatus.DENIED_KEPT - denied.size());
            if (room > 0) {
                List<WriteResult.Failure> kept = new ArrayList<>(denied);
                kept.addAll(refused.subList(0, Math.min(room, refused.size())));
                denied = List.copyOf(kept);
            }
            deniedNotKept += Math.max(0, refused.size() - room);
        }

        /** The revisions of the page the target holds: those sent, but for those it refused. */
        private List<ReplicationChange.Revision> written(PageWritten page) {
            Set<ReplicationChange.Revision> refused = new HashSet<>();
            for (WriteResult.Failure failure : page.refused()) {
                refused.add(new ReplicationChange.Revision(failure.id(), failure.rev()));
            }
            List<ReplicationChange.Revision> written = new ArrayList<>(page.sent().size());
            for (var revision : page.sent()) {
                ReplicationChange.Revision ref = new ReplicationChange.Revision(revision.id(), revision.rev());
                if (!refused.contains(ref)) {
                    written.add(ref);
                }
            }
            return written;
        }

        @Override
        public void checkpointed(Checkpoint checkpoint) {
            checkpointedSeq = checkpoint.lastSeq();
            notifyListeners(l -> l.onCheckpoint(checkpoint));
        }

        @Override
        public void caughtUp(Seq seq) {
            restarts.reset();
            if (options.continuous()) {
                if (state != ReplicationState.WAITING) {
                    error = null;
                    state = ReplicationState.WAITING;
                    notifyListeners(l -> l.onWaiting(status()));
                }
            } else {
                state = ReplicationState.COMPLETED;
            }
        }

        @Override
        public void paused() {
            state = ReplicationState.PAUSED;
            notifyListeners(l -> l.onPaused(status()));
        }

        @Override
        public void resumed() {
            becomeActive();
        }

        void crashing(IOException failure, Duration retryIn) {
            error = new ReplicationException(replicationId, describe(failure), failure);
            state = ReplicationState.CRASHING;
            log.warn("replication {}: {}; starting again from the last checkpoint in {}", replicationId,
                    error.getMessage(), String.format("%.1f s", retryIn.toMillis() / 1000.0));
            ReplicationException crash = error;
            notifyListeners(l -> l.onCrashing(crash, retryIn, status()));
        }

        private void becomeActive() {
            error = null;
            state = ReplicationState.REPLICATING;
            notifyListeners(l -> l.onActive(status()));
        }
    }
}
