package io.couchrepl.engine;

import io.couchrepl.changes.ChangesReader;
import io.couchrepl.diff.MissingRevsFinder;
import io.couchrepl.fetch.DocFetcher;
import io.couchrepl.protocol.Change;
import io.couchrepl.protocol.ChangesBatch;
import io.couchrepl.protocol.FetchResult;
import io.couchrepl.protocol.Seq;
import io.couchrepl.spi.Checkpoint;
import io.couchrepl.spi.Source;
import io.couchrepl.spi.Target;
import io.couchrepl.spi.WriteResult;
import io.couchrepl.write.DocWriter;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The replication loop: read a page of changes, ask the target what it lacks, fetch that from the
 * source, write it with the checkpoint that covers the page; again until the feed is drained, then
 * either finish (one-shot) or wait for more (continuous).
 *
 * <p>The checkpoint of a page is written with the page's revisions, so it never runs ahead of what
 * the target holds; a stop or a crash resumes from the last page written.
 */
public final class ReplicationEngine {

    private final Source source;
    private final Target target;
    private final EngineConfig config;
    private final EngineEvents events;
    private final Control control;
    private final ChangesReader reader;
    private final MissingRevsFinder finder;
    private final DocFetcher fetcher;
    private final DocWriter writer;

    public ReplicationEngine(Source source, Target target, EngineConfig config, EngineEvents events, Control control) {
        this.source = source;
        this.target = target;
        this.config = config;
        this.events = events;
        this.control = control;
        this.reader = new ChangesReader(source, config.batchSize(), config.heartbeat(), config.changesParams());
        this.finder = new MissingRevsFinder(target);
        this.fetcher = new DocFetcher(source);
        this.writer = new DocWriter(target);
    }

    /**
     * Runs until the feed is drained (one-shot) or until stopped (continuous). Returns the last
     * sequence whose changes the target holds.
     */
    public Seq run() throws IOException, InterruptedException {
        control.bind(Thread.currentThread());
        Optional<Checkpoint> checkpoint = config.since().isPresent()
                ? Optional.empty()
                : target.readCheckpoint(config.replicationId());
        Seq since = config.since().orElseGet(() -> checkpoint.map(Checkpoint::lastSeq).orElse(Seq.ZERO));
        events.started(checkpoint, since);
        boolean waiting = false;
        while (true) {
            if (control.isPaused()) {
                events.paused();
                if (!control.awaitRunnable()) {
                    return since;
                }
                events.resumed();
            }
            if (control.isStopped()) {
                return since;
            }
            ChangesBatch batch;
            int rows;
            try {
                try {
                    control.enterSourceCall();
                    batch = reader.next(since, waiting);
                } finally {
                    control.exitSourceCall();
                }
                rows = batch.changes().size();
                if (rows > 0) {
                    since = replicate(batch.changes(), batch.lastSeq());
                } else if (!batch.lastSeq().equals(since)) {
                    // A filtered feed can move on without rows; remember where, so we need not read it again.
                    since = checkpoint(batch.lastSeq());
                }
            } catch (IOException e) {
                if (control.isRequested()) {
                    // Paused or stopped while waiting on the source (the wait was cut short): the page
                    // is read again after a resume, from the last checkpoint.
                    continue;
                }
                throw e;
            }
            boolean caughtUp = reader.isCaughtUp(batch, rows);
            if (caughtUp) {
                events.caughtUp(since);
                if (!config.continuous()) {
                    return since;
                }
                waiting = true;
            }
        }
    }

    private Seq replicate(List<Change> changes, Seq lastSeq) throws IOException {
        MissingRevsFinder.Outcome diff = finder.find(changes);
        FetchResult fetched;
        try {
            control.enterSourceCall();
            fetched = fetcher.fetch(diff.missing());
        } finally {
            control.exitSourceCall();
        }
        Checkpoint checkpoint = new Checkpoint(config.replicationId(), config.sessionId(), lastSeq);
        WriteResult written = writer.write(fetched.revisions(), checkpoint);
        int failures = written.failures().size();
        events.batchWritten(new BatchOutcome(changes.size(), diff.revisionsChecked(), diff.missingCount(),
                fetched.revisions().size(), fetched.revisions().size() - failures, failures, lastSeq));
        events.checkpointed(checkpoint);
        return lastSeq;
    }

    private Seq checkpoint(Seq seq) throws IOException {
        Checkpoint checkpoint = new Checkpoint(config.replicationId(), config.sessionId(), seq);
        target.writeCheckpoint(checkpoint);
        events.checkpointed(checkpoint);
        return seq;
    }
}
