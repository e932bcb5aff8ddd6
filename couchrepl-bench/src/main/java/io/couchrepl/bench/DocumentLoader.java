package io.couchrepl.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Fills a new source database with a {@link DataSet} through {@code _bulk_docs} with {@code new_edits=false}. */
final class DocumentLoader {

    private static final int DOCS_PER_REQUEST = 1000;

    private final BenchHttp db;

    DocumentLoader(BenchHttp db) {
        this.db = db;
    }

    /** Creates the database (it must not exist) and writes every document; returns the milliseconds it took. */
    long load(DataSet data) throws IOException, InterruptedException {
        long started = System.nanoTime();
        int created = db.status("PUT", "");
        if (created != 201) {
            throw new IOException("cannot create " + db.url() + ": HTTP " + created + " (it must not exist yet)");
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int from = 0; from < data.docs(); from += DOCS_PER_REQUEST) {
                int start = from;
                int end = Math.min(data.docs(), from + DOCS_PER_REQUEST);
                sent.add(pool.submit(() -> {
                    String body = "{\"new_edits\":false,\"docs\":" + data.bulkDocs(start, end) + "}";
                    try {
                        db.text("POST", "/_bulk_docs", body);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IOException("loading " + db.url() + " failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return (System.nanoTime() - started) / 1_000_000;
    }
}
