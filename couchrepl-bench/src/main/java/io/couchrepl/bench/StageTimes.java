package io.couchrepl.bench;

import io.couchrepl.protocol.ChangesBatch;
import io.couchrepl.protocol.ChangesRequest;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.FetchResult;
import io.couchrepl.protocol.MissingRevs;
import io.couchrepl.protocol.Rev;
import io.couchrepl.protocol.RevRequest;
import io.couchrepl.spi.Checkpoint;
import io.couchrepl.spi.Source;
import io.couchrepl.spi.Target;
import io.couchrepl.spi.WriteResult;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a replication spends its time, stage by stage: a source and a target that pass every call
 * on and add up how long each protocol step took ({@code changes}, {@code revs_diff}, {@code bulk_get},
 * {@code write}). Seen from outside the engine, so it measures any engine without touching it.
 */
final class StageTimes {

    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong revsDiff = new AtomicLong();
    private final AtomicLong fetch = new AtomicLong();
    private final AtomicLong write = new AtomicLong();
    private final AtomicLong waiting = new AtomicLong();

    /** Milliseconds per stage, in protocol order. */
    Map<String, Long> millis() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("changes", changes.get() / 1_000_000);
        out.put("revs_diff", revsDiff.get() / 1_000_000);
        out.put("bulk_get", fetch.get() / 1_000_000);
        out.put("write", write.get() / 1_000_000);
        return out;
    }

    /** A call to time. */
    private interface Call<T> {
        T call() throws IOException;
    }

    private static <T> T time(AtomicLong total, Call<T> call) throws IOException {
        long t = System.nanoTime();
        try {
            return call.call();
        } finally {
            total.addAndGet(System.nanoTime() - t);
        }
    }

    Source timedSource(Source source) {
        return new Source() {
            @Override
            public String identity() {
                return source.identity();
            }

            @Override
            public ChangesBatch changes(ChangesRequest request) throws IOException {
                // A waiting long poll is idle time, not work: only pages read in a catch-up count.
                return time(request.feed() == ChangesRequest.Feed.NORMAL ? changes : waiting, () -> source.changes(request));
            }

            @Override
            public FetchResult fetch(List<RevRequest> requests) throws IOException {
                return time(fetch, () -> source.fetch(requests));
            }

            @Override
            public void close() throws IOException {
                source.close();
            }
        };
    }

    Target timedTarget(Target target) {
        return new Target() {
            @Override
            public String identity() {
                return target.identity();
            }

            @Override
            public Map<String, MissingRevs> revsDiff(Map<String, List<Rev>> revs) throws IOException {
                return time(revsDiff, () -> target.revsDiff(revs));
            }

            @Override
            public WriteResult writeDocs(List<DocRevision> docs) throws IOException {
                return time(write, () -> target.writeDocs(docs));
            }

            @Override
            public WriteResult writeDocsAndCheckpoint(List<DocRevision> docs, Checkpoint checkpoint) throws IOException {
                return time(write, () -> target.writeDocsAndCheckpoint(docs, checkpoint));
            }

            @Override
            public Optional<Checkpoint> readCheckpoint(String replicationId) throws IOException {
                return target.readCheckpoint(replicationId);
            }

            @Override
            public void writeCheckpoint(Checkpoint checkpoint) throws IOException {
                time(write, () -> {
                    target.writeCheckpoint(checkpoint);
                    return null;
                });
            }

            @Override
            public void close() throws IOException {
                target.close();
            }
        };
    }
}
