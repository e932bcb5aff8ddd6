package io.couchrepl.engine;

import io.couchrepl.changes.ChangesReader;
import io.couchrepl.checkpoint.Checkpointer;
import io.couchrepl.checkpoint.Progress;
import io.couchrepl.checkpoint.StartPoint;
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
 * <p>A page's checkpoint is recorded only once the target holds the page, so it never runs ahead of
 * the data; a stop or a crash resumes from the last page recorded.
 */
public final class ReplicationEngine {

    private final EngineConfig config;
    private final EngineEvents events;
    private final Control control;
    private final Checkpointer checkpointer;
    private final ChangesReader reader;
    private final MissingRevsFinder finder;
    private final DocFetcher fetcher;
    private final DocWriter writer;
    private Progress progress = Progress.ZERO;

    public ReplicationEngine(Source source, Target target, Checkpointer checkpointer, EngineConfig config,
            EngineEvents events, Control control) {
        this.config = config;
        this.events = events;
        this.control = control;
        this.checkpointer = checkpointer;
        this.reader = new ChangesReader(source, config.batchSize(), config.heartbeat(), config.filter(),
                config.winningRevsOnly(), config.changesParams());
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
        StartPoint start = checkpointer.start(config.since());
        Seq since = start.since().orElse(Seq.ZERO);
        events.started(start, since);
        boolean waiting = false;
        while (true) {
            if (control.isPaused()) {
                checkpointer.flush();
                events.paused();
                if (!control.awaitRunnable()) {
                    break;
                }
                events.resumed();
            }
            if (control.isStopped()) {
                break;
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
                    since = batch.lastSeq();
                    checkpointer.recordWithoutDocs(since, progress).ifPresent(events::checkpointed);
                }
            } catch (IOException e) {
                if (control.isRequested()) {
                    // Paused or stopped while waiting on the source (the wait was cut short): the page
                    // is read again after a resume, from the last checkpoint.
                    continue;
                }
                throw e;
            }
            if (reader.isCaughtUp(batch, rows)) {
                checkpointer.flush();
                events.caughtUp(since);
                if (!config.continuous()) {
                    return since;
                }
                waiting = true;
            }
        }
        checkpointer.flush();
        return since;
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
        int read = fetched.revisions().size();
        // The checkpoint written with the batch counts it as written; a refusal is rare and corrected below.
        Progress expected = progress.plus(new Progress(diff.revisionsChecked(), diff.missingCount(), read, read, 0));
        WriteResult written = writer.write(fetched.revisions(), checkpointer.forTarget(lastSeq, expected));
        int failures = written.failures().size();
        progress = progress.plus(new Progress(diff.revisionsChecked(), diff.missingCount(), read, read - failures, failures));
        Optional<Checkpoint> recorded = checkpointer.recorded(lastSeq, progress);
        events.batchWritten(new BatchOutcome(changes.size(), diff.revisionsChecked(), diff.missingCount(),
                read, read - failures, failures, lastSeq));
        recorded.ifPresent(events::checkpointed);
        return lastSeq;
    }
}
