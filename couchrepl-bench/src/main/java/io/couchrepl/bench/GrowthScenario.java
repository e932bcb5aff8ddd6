package io.couchrepl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couchrepl.ReplicationOptions;
import io.couchrepl.ReplicationState;
import io.couchrepl.Replicator;
import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.store.SqliteStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The store kept for the long run (issue 13): a continuous pull into the durable store follows
 * {@code docs} documents updated {@code rounds} times, one {@code _bulk_docs} per round, one in 15
 * documents carrying a 50 KB attachment replaced every 10th round. Measures the store's bytes on disk,
 * closed (file and attachment files), against a fresh pull of the final state, before and after
 * {@code compact}, and each round's lag: from sending the round to the store holding its last
 * document's new revision.
 */
final class GrowthScenario {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(60);

    /** Bytes on disk (file, write-ahead log, attachment files) and lags in milliseconds. */
    record Result(int docs, int rounds, long storeBytes, long compactedBytes, long freshBytes, List<Double> roundLagsMillis) {}

    private final BenchHttp db;
    private final String sourceUrl;
    private final Path work;

    /** {@code sourceUrl} names a database that does not exist yet; the stores go in {@code work}. */
    GrowthScenario(String sourceUrl, Path work) {
        this.db = new BenchHttp(sourceUrl);
        this.sourceUrl = sourceUrl;
        this.work = work;
    }

    Result run(int docs, int rounds) throws IOException, InterruptedException {
        if (db.status("PUT", "") != 201) {
            throw new IOException("cannot create " + db.url() + " (it must not exist yet)");
        }
        Random random = new Random(13);
        Map<String, String> revs = new HashMap<>();
        update(docs, revs, 0, random);
        List<Double> lags = new ArrayList<>();
        Path followed = work.resolve("growth.store");
        try (RemoteDatabase source = RemoteDatabase.open(sourceUrl);
                SqliteStore store = SqliteStore.open(followed)) {
            Replicator pull = Replicator.create(source, store, ReplicationOptions.builder().continuous(true).build());
            pull.start();
            for (int round = 1; round < rounds; round++) {
                long sent = System.nanoTime();
                String last = update(docs, revs, round, random);
                awaitRev(store, last, revs.get(last), pull);
                lags.add((System.nanoTime() - sent) / 1e6);
            }
            pull.stop();
            pull.await(Duration.ofSeconds(30));
        }
        // Measured closed: the write-ahead log (bounded by SQLite's checkpoints) is then folded in.
        long storeBytes = bytesOnDisk(followed);
        try (SqliteStore store = SqliteStore.open(followed)) {
            store.compact();
        }
        long compactedBytes = bytesOnDisk(followed);
        Path freshFile = work.resolve("growth-fresh.store");
        try (RemoteDatabase source = RemoteDatabase.open(sourceUrl);
                SqliteStore fresh = SqliteStore.open(freshFile)) {
            if (Replicator.create(source, fresh, ReplicationOptions.defaults()).run().state() != ReplicationState.COMPLETED) {
                throw new IOException("the fresh pull of " + db.url() + " did not complete");
            }
        }
        long freshBytes = bytesOnDisk(freshFile);
        return new Result(docs, rounds, storeBytes, compactedBytes, freshBytes, lags);
    }

    /** The store file, its write-ahead log if any, and every attachment file. */
    static long bytesOnDisk(Path store) throws IOException {
        long bytes = 0;
        for (Path part : List.of(store, Path.of(store + "-wal"), Path.of(store + "-attachments"))) {
            if (java.nio.file.Files.exists(part)) {
                try (var files = java.nio.file.Files.walk(part)) {
                    for (Path file : (Iterable<Path>) files::iterator) {
                        bytes += java.nio.file.Files.isRegularFile(file) ? java.nio.file.Files.size(file) : 0;
                    }
                }
            }
        }
        return bytes;
    }

    /** One round: every document updated in one request; returns the id of the last one. */
    private String update(int docs, Map<String, String> revs, int round, Random random) throws IOException {
        StringBuilder body = new StringBuilder("{\"docs\":[");
        String last = null;
        for (int d = 0; d < docs; d++) {
            String id = String.format("doc-%05d", d);
            last = id;
            body.append(d == 0 ? "" : ",").append("{\"_id\":\"").append(id).append('"');
            if (revs.containsKey(id)) {
                body.append(",\"_rev\":\"").append(revs.get(id)).append('"');
            }
            body.append(",\"round\":").append(round).append(",\"text\":\"").append("r".repeat(200 + random.nextInt(400)))
                    .append('"');
            if (d % 15 == 0) {
                if (round % 10 == 0) {
                    byte[] bytes = new byte[50_000];
                    random.nextBytes(bytes);
                    body.append(",\"_attachments\":{\"blob.bin\":{\"content_type\":\"application/octet-stream\",")
                            .append("\"data\":\"").append(Base64.getEncoder().encodeToString(bytes)).append("\"}}");
                } else {
                    body.append(",\"_attachments\":{\"blob.bin\":{\"stub\":true}}");
                }
            }
            body.append('}');
        }
        JsonNode rows = JSON.readTree(db.text("POST", "/_bulk_docs", body.append("]}").toString()));
        for (JsonNode row : rows) {
            if (!row.has("rev")) {
                throw new IOException("round " + round + " refused " + row);
            }
            revs.put(row.get("id").asText(), row.get("rev").asText());
        }
        return last;
    }

    private static void awaitRev(SqliteStore store, String id, String rev, Replicator pull)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + VISIBLE_WITHIN.toNanos();
        while (true) {
            Optional<DocRevision> winner = store.winner(id);
            if (winner.isPresent() && winner.get().rev().toString().equals(rev)) {
                return;
            }
            if (System.nanoTime() > deadline || pull.status().state() == ReplicationState.FAILED) {
                throw new IOException(id + " " + rev + " did not reach the store within " + VISIBLE_WITHIN.toSeconds()
                        + " s (replication " + pull.status().state() + ")");
            }
            Thread.sleep(2);
        }
    }
}
