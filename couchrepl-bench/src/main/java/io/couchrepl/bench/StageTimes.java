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

    /** Milliseconds per stage, in protocol order. */
    Map<String, Long> millis() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("changes", changes.get() / 1_000_000);
        out.put("revs_diff", revsDiff.get() / 1_000_000);
        out.put("bulk_get", fetch.get() / 1_000_000);
        out.put("write", write.get() / 1_000_000);
        return out;
    }

    Source timed(Source source) {
        return new Source() {
            @Override
            public String identity() {
                return source.identity();
            }

            @Override
            public ChangesBatch changes(ChangesRequest request) throws IOException {
                long t = System.nanoTime();
                try {
                    return source.changes(request);
                } finally {
                    // A waiting long poll is idle time, not work: only pages read in a catch-up count.
                    if (request.feed() == ChangesRequest.Feed.NORMAL) {
                        changes.addAndGet(System.nanoTime() - t);
                    }
                }
            }

            @Override
            public FetchResult fetch(List<RevRequest> requests) throws IOException {
                long t = System.nanoTime();
                try {
                    return source.fetch(requests);
                } finally {
                    fetch.addAndGet(System.nanoTime() - t);
                }
            }

            @Override
            public void close() throws IOException {
                source.close();
            }
        };
    }

    Target timed(Target target) {
        return new Target() {
            @Override
            public String identity() {
                return target.identity();
            }

            @Override
            public Map<String, MissingRevs> revsDiff(Map<String, List<Rev>> revs) throws IOException {
                long t = System.nanoTime();
                try {
                    return target.revsDiff(revs);
                } finally {
                    revsDiff.addAndGet(System.nanoTime() - t);
                }
            }

            @Override
            public WriteResult writeDocs(List<DocRevision> docs) throws IOException {
                long t = System.nanoTime();
                try {
                    return target.writeDocs(docs);
                } finally {
                    write.addAndGet(System.nanoTime() - t);
                }
            }

            @Override
            public WriteResult writeDocsAndCheckpoint(List<DocRevision> docs, Checkpoint checkpoint) throws IOException {
                long t = System.nanoTime();
                try {
                    return target.writeDocsAndCheckpoint(docs, checkpoint);
                } finally {
                    write.addAndGet(System.nanoTime() - t);
                }
            }

            @Override
            public Optional<Checkpoint> readCheckpoint(String replicationId) throws IOException {
                return target.readCheckpoint(replicationId);
            }

            @Override
            public void writeCheckpoint(Checkpoint checkpoint) throws IOException {
                long t = System.nanoTime();
                try {
                    target.writeCheckpoint(checkpoint);
                } finally {
                    write.addAndGet(System.nanoTime() - t);
                }
            }

            @Override
            public void close() throws IOException {
                target.close();
            }
        };
    }
}
