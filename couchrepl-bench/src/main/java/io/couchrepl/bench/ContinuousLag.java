package io.couchrepl.bench;

import io.couchrepl.ReplicationListener;
import io.couchrepl.ReplicationOptions;
import io.couchrepl.ReplicationState;
import io.couchrepl.ReplicationStatus;
import io.couchrepl.Replicator;
import io.couchrepl.protocol.ReplicationStats;
import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.store.SqliteStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The continuous lag: with a continuous pull into the durable store running and caught up, single
 * documents are written to the source one at a time; each one's lag is the time from sending its
 * {@code PUT} to the moment its revision is readable from the store (checked right after each batch
 * commits).
 */
final class ContinuousLag {

    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(30);

    /** Lags in milliseconds, one per write, in write order. */
    record Result(List<Double> lagsMillis) {}

    private final BenchHttp db;
    private final String sourceUrl;
    private final Path storeFile;

    /** {@code sourceUrl} names a database that does not exist yet; the store file is created. */
    ContinuousLag(String sourceUrl, Path storeFile) {
        this.db = new BenchHttp(sourceUrl);
        this.sourceUrl = sourceUrl;
        this.storeFile = storeFile;
    }

    Result run(int writes) throws IOException, InterruptedException {
        if (db.status("PUT", "") != 201) {
            throw new IOException("cannot create " + db.url() + " (it must not exist yet)");
        }
        Files.deleteIfExists(storeFile);
        List<Double> lags = new ArrayList<>(writes);
        try (RemoteDatabase source = RemoteDatabase.open(sourceUrl);
                SqliteStore store = SqliteStore.open(storeFile)) {
            Watch watch = new Watch(store);
            Replicator replicator = Replicator.create(source, store,
                    ReplicationOptions.builder().continuous(true).build());
            replicator.addListener(watch).start();
            awaitWaiting(replicator);
            Random random = new Random(1);
            for (int i = 0; i < writes; i++) {
                String id = String.format("lag-%05d", i);
                CountDownLatch visible = watch.expect(id);
                long sent = System.nanoTime();
                db.text("PUT", "/" + id, "{\"n\":" + i + ",\"text\":\"a single write, replicated continuously\"}");
                if (!visible.await(VISIBLE_WITHIN.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IOException("write " + id + " did not reach the store within " + VISIBLE_WITHIN.toSeconds()
                            + " s (replication " + replicator.status().state() + ")");
                }
                lags.add((watch.seenAt - sent) / 1e6);
                // Writes arrive apart, as single edits do, rather than as a burst.
                Thread.sleep(20 + random.nextInt(30));
            }
            replicator.stop();
            replicator.await(Duration.ofSeconds(30));
        }
        return new Result(lags);
    }

    private static void awaitWaiting(Replicator replicator) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (replicator.status().state() != ReplicationState.WAITING) {
            ReplicationStatus status = replicator.status();
            if (status.state() == ReplicationState.FAILED || System.nanoTime() > deadline) {
                throw new IOException("the continuous pull did not catch up: " + status.state()
                        + status.error().map(e -> " " + e.getMessage()).orElse(""));
            }
            Thread.sleep(10);
        }
    }

    /** Looks for the awaited document in the store after every batch the replication commits. */
    private static final class Watch implements ReplicationListener {
        private final SqliteStore store;
        private volatile String awaited;
        private volatile CountDownLatch latch;
        private volatile long seenAt;

        Watch(SqliteStore store) {
            this.store = store;
        }

        CountDownLatch expect(String id) {
            latch = new CountDownLatch(1);
            awaited = id;
            return latch;
        }

        @Override
        public void onBatchWritten(ReplicationStats batch, ReplicationStatus status) {
            String id = awaited;
            if (id == null) {
                return;
            }
            try {
                if (store.winner(id).isPresent()) {
                    seenAt = System.nanoTime();
                    awaited = null;
                    latch.countDown();
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the store: " + e.getMessage(), e);
            }
        }
    }
}
