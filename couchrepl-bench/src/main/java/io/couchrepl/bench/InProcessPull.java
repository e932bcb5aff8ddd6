package io.couchrepl.bench;

import io.couchrepl.ReplicationOptions;
import io.couchrepl.ReplicationState;
import io.couchrepl.ReplicationStatus;
import io.couchrepl.Replicator;
import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.memory.MemoryStore;
import io.couchrepl.spi.Target;
import io.couchrepl.store.SqliteStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A one-shot pull through the library, as an application embeds it: into the in-memory store, or into
 * a durable store file; with the time each protocol stage took.
 */
final class InProcessPull {

    private InProcessPull() {}

    /** Pulls {@code sourceUrl} into memory (no {@code storeFile}) or into the store file; returns the summary. */
    static Map<String, Object> run(String sourceUrl, Optional<Path> storeFile) throws IOException {
        long started = System.nanoTime();
        StageTimes stages = new StageTimes();
        try (RemoteDatabase source = RemoteDatabase.open(sourceUrl);
                Target store = storeFile.isPresent() ? SqliteStore.open(storeFile.get()) : new MemoryStore()) {
            ReplicationStatus status = Replicator.create(stages.timedSource(source), stages.timedTarget(store),
                    ReplicationOptions.defaults()).run();
            if (status.state() != ReplicationState.COMPLETED) {
                throw new IOException("the pull ended " + status.state()
                        + status.error().map(e -> ": " + e.getMessage()).orElse(""));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("target", storeFile.isPresent() ? "sqlite" : "memory");
            out.put("docs_written", status.stats().docsWritten());
            out.put("changes_read", status.stats().changesRead());
            out.put("elapsed_ms", (System.nanoTime() - started) / 1_000_000);
            out.put("stages_ms", stages.millis());
            return out;
        }
    }
}
