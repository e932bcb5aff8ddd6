package io.couchrepl.engine;

import io.couchrepl.changes.ChangesReader;
import io.couchrepl.checkpoint.Checkpointer;
import io.couchrepl.checkpoint.StartPoint;
import io.couchrepl.diff.MissingRevsFinder;
import io.couchrepl.fetch.DocFetcher;
import io.couchrepl.protocol.ChangesBatch;
import io.couchrepl.protocol.FetchResult;
import io.couchrepl.protocol.ReplicationStats;
import io.couchrepl.protocol.Seq;
import io.couchrepl.spi.Checkpoint;
import io.couchrepl.spi.Source;
import io.couchrepl.spi.Target;
import io.couchrepl.spi.WriteResult;
import io.couchrepl.write.DocWriter;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The replication loop: read a page of changes, ask the target what it lacks, fetch that from the
 * source, write it with the checkpoint that covers the page; again until the feed is drained, then
 * either finish (one-shot) or wait for more (continuous).
 *
 * <p>The three steps overlap: a reader thread reads the next page while a fetcher thread asks the
 * target and fetches the page before, while the calling thread writes the page before that. Two
 * bounded queues between them keep at most a few pages in memory. Pages and markers (caught up,
 * paused, stopped, failed) travel in feed order, and the writer records a page's checkpoint only
 * after writing it, so the checkpoint never runs ahead of what the target holds and a stop or a
 * crash resumes from the last page recorded. Calls to the target never overlap: asking it what it
 * lacks and writing to it take turns.
 */
public final class ReplicationEngine {

    /** Pages waiting between two stages: enough to keep each busy, few enough to keep memory flat. */
    private static final int QUEUE_PAGES = 2;

    private final EngineConfig config;
    private final EngineEvents events;
    private final Control control;
    private final Checkpointer checkpointer;
    private final ChangesReader reader;
    private final MissingRevsFinder finder;
    private final DocFetcher fetcher;
    private final DocWriter writer;
    private final ReentrantLock targetTurn = new ReentrantLock();
    private final BlockingQueue<Page> toFetch = new ArrayBlockingQueue<>(QUEUE_PAGES);
    private final BlockingQueue<Page> toWrite = new ArrayBlockingQueue<>(QUEUE_PAGES);
    private ReplicationStats progress = ReplicationStats.ZERO;

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
     * Runs until the feed is drained (one-shot) or until stopped (continuous), writing on the calling
     * thread. Returns the last sequence whose changes the target holds.
     */
    public Seq run() throws IOException, InterruptedException {
        StartPoint start = checkpointer.start(config.since());
        Seq since = start.since().orElse(Seq.ZERO);
        events.started(start, since);
        ExecutorService stages = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "couchrepl-" + config.replicationId().substring(
                    0, Math.min(8, config.replicationId().length())) + "-stage");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Seq from = since;
            stages.submit(() -> read(from));
            stages.submit(this::fetch);
            return write(since);
        } finally {
            // On a failure the other stages may still wait on the source or on a queue: end them.
            stages.shutdownNow();
        }
    }

    /** The reader: pages of the feed, then markers, into {@code toFetch}. */
    private void read(Seq since) {
        boolean waiting = false;
        try {
            while (true) {
                if (control.isStopped()) {
                    toFetch.put(new Page.End());
                    return;
                }
                if (control.isPaused()) {
                    toFetch.put(new Page.Paused());
                    if (!control.awaitRunnable()) {
                        toFetch.put(new Page.End());
                        return;
                    }
                    toFetch.put(new Page.Resumed());
                    continue;
                }
                ChangesBatch batch;
                try {
                    control.enterWait();
                    batch = reader.next(since, waiting);
                } catch (IOException e) {
                    if (control.isRequested()) {
                        // Paused or stopped while waiting for changes: the page is read again after a resume.
                        continue;
                    }
                    throw e;
                } finally {
                    control.exit();
                }
                int rows = batch.changes().size();
                if (rows > 0 || !batch.lastSeq().equals(since)) {
                    toFetch.put(new Page.Changes(batch.changes(), batch.lastSeq(), batch.pending(), null, null));
                    since = batch.lastSeq();
                }
                if (reader.isCaughtUp(batch, rows)) {
                    toFetch.put(new Page.CaughtUp());
                    if (!config.continuous()) {
                        toFetch.put(new Page.End());
                        return;
                    }
                    waiting = true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            hand(toFetch, new Page.Failed(e));
        }
    }

    /** The fetcher: asks the target what each page lacks and fetches it, into {@code toWrite}. */
    private void fetch() {
        try {
            while (true) {
                Page page = toFetch.take();
                if (page instanceof Page.Changes changes && !changes.changes().isEmpty()) {
                    MissingRevsFinder.Outcome diff;
                    targetTurn.lockInterruptibly();
                    try {
                        diff = finder.find(changes.changes());
                    } finally {
                        targetTurn.unlock();
                    }
                    FetchResult fetched;
                    try {
                        control.enterFetch();
                        fetched = fetcher.fetch(diff.missing());
                    } catch (IOException e) {
                        if (control.isStopped()) {
                            // Nothing after this page may be written: end here, at the last checkpoint.
                            toWrite.put(new Page.End());
                            return;
                        }
                        throw e;
                    } finally {
                        control.exit();
                    }
                    page = changes.fetched(diff, fetched);
                }
                toWrite.put(page);
                if (page instanceof Page.End || page instanceof Page.Failed) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            hand(toWrite, new Page.Failed(e));
        }
    }

    /** Passes a failure on; the next stage drains its queue, or is gone and the put is interrupted. */
    private static void hand(BlockingQueue<Page> queue, Page.Failed failure) {
        try {
            queue.put(failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The writer, on the calling thread: each page with its checkpoint, in order; markers become events. */
    private Seq write(Seq since) throws IOException, InterruptedException {
        while (true) {
            Page page = toWrite.take();
            if (page instanceof Page.Changes changes) {
                since = changes.changes().isEmpty() ? recordWithoutDocs(changes.lastSeq()) : write(changes);
            } else if (page instanceof Page.CaughtUp) {
                checkpointer.flush();
                events.caughtUp(since);
            } else if (page instanceof Page.Paused) {
                checkpointer.flush();
                events.paused();
            } else if (page instanceof Page.Resumed) {
                events.resumed();
            } else if (page instanceof Page.End) {
                checkpointer.flush();
                return since;
            } else if (page instanceof Page.Failed failed) {
                if (failed.error() instanceof IOException io) {
                    throw io;
                }
                throw (RuntimeException) failed.error();
            }
        }
    }

    private Seq write(Page.Changes page) throws IOException, InterruptedException {
        MissingRevsFinder.Outcome diff = page.diff();
        FetchResult fetched = page.fetched();
        int read = fetched.revisions().size();
        // The checkpoint written with the batch counts it as written; a refusal is rare and corrected below.
        int rows = page.changes().size();
        ReplicationStats expected = progress.plus(
                new ReplicationStats(read, read, 0, diff.missingCount(), diff.revisionsChecked(), rows));
        WriteResult written;
        targetTurn.lockInterruptibly();
        try {
            events.writing(fetched.revisions());
            written = writer.write(fetched.revisions(), checkpointer.forTarget(page.lastSeq(), expected));
        } finally {
            targetTurn.unlock();
        }
        int failures = written.failures().size();
        ReplicationStats pageStats =
                new ReplicationStats(read, read - failures, failures, diff.missingCount(), diff.revisionsChecked(), rows);
        progress = progress.plus(pageStats);
        Optional<Checkpoint> recorded = checkpointer.recorded(page.lastSeq(), progress);
        events.batchWritten(new PageWritten(pageStats, page.lastSeq(), page.pending(), fetched.revisions(),
                written.failures()));
        recorded.ifPresent(events::checkpointed);
        return page.lastSeq();
    }

    /** A filtered feed can move on without rows: remember where, so it need not be read again. */
    private Seq recordWithoutDocs(Seq seq) throws IOException, InterruptedException {
        targetTurn.lockInterruptibly();
        try {
            checkpointer.recordWithoutDocs(seq, progress).ifPresent(events::checkpointed);
        } finally {
            targetTurn.unlock();
        }
        return seq;
    }
}
