package io.couchrepl.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;

/**
 * Sends a large list as a few requests in flight at once, on the client's kept-alive connections,
 * and joins their answers in the order of the list. Used for a page of {@code _bulk_get}.
 *
 * <p>Why: CouchDB answers one {@code _bulk_get} document after document, so a single request keeps one
 * server core busy while the other idles, and the client parses nothing until bytes arrive. Several
 * smaller requests keep both sides working. If any part fails, the others are cancelled (their
 * threads interrupted, which drops their connections) and the failure is thrown as a single
 * request's would be; an interrupt of the calling thread does the same.
 */
final class ConcurrentParts implements AutoCloseable {

    /** Requests in flight at once for one list, by default ({@link ClientOptions#fetchConcurrency()}). */
    static final int MAX_PARALLEL = ClientOptions.DEFAULT_FETCH_CONCURRENCY;
    /** Items below which a part is not worth a request of its own. */
    static final int MIN_PART = 64;

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final int parallel;
    private final ExecutorService workers = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "couchrepl-parts-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    ConcurrentParts() {
        this(MAX_PARALLEL);
    }

    /** Sends up to {@code parallel} parts of a list at once. */
    ConcurrentParts(int parallel) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1, got " + parallel);
        }
        this.parallel = parallel;
    }

    /**
     * Sends {@code items} in up to {@code parallel} parts at once; answers merged in list order.
     * When a part fails, the answers already in are handed to {@code discard} (they may hold spooled bodies).
     */
    <T, R> R send(List<T> items, BatchSplitter.Request<T, R> request, BinaryOperator<R> merge, Consumer<R> discard)
            throws IOException {
        List<List<T>> parts = split(items, parallel);
        if (parts.size() == 1) {
            return request.send(items);
        }
        List<Future<R>> pending = new ArrayList<>(parts.size() - 1);
        for (List<T> part : parts.subList(1, parts.size())) {
            pending.add(workers.submit(() -> {
                try {
                    return request.send(part);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        boolean done = false;
        R result = null;
        int merged = 0;
        try {
            // The calling thread sends the first part itself rather than waiting idle.
            result = request.send(parts.get(0));
            for (Future<R> part : pending) {
                result = merge.apply(result, part.get());
                merged++;
            }
            done = true;
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the parts of a request");
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } finally {
            if (!done) {
                pending.forEach(part -> part.cancel(true));
                if (result != null) {
                    discard.accept(result);
                }
                pending.subList(merged, pending.size()).forEach(part -> finished(part).ifPresent(discard));
            }
        }
    }

    /** A part's answer if it came in before the failure; a part still running drops its own on interrupt. */
    private static <R> Optional<R> finished(Future<R> part) {
        if (!part.isDone() || part.isCancelled()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(part.get());
        } catch (InterruptedException | ExecutionException e) {
            return Optional.empty();
        }
    }

    /** Up to {@link #MAX_PARALLEL} contiguous parts of at least {@link #MIN_PART} items, in order. */
    static <T> List<List<T>> split(List<T> items) {
        return split(items, MAX_PARALLEL);
    }

    /** Up to {@code parallel} contiguous parts of at least {@link #MIN_PART} items, in order. */
    static <T> List<List<T>> split(List<T> items, int parallel) {
        int parts = Math.max(1, Math.min(parallel, items.size() / MIN_PART));
        if (parts == 1) {
            return List.of(items);
        }
        List<List<T>> out = new ArrayList<>(parts);
        for (int i = 0; i < parts; i++) {
            out.add(items.subList(i * items.size() / parts, (i + 1) * items.size() / parts));
        }
        return out;
    }

    private static IOException unwrap(Throwable cause) {
        if (cause instanceof UncheckedIOException unchecked) {
            return unchecked.getCause();
        }
        if (cause instanceof CancellationException) {
            return new InterruptedIOException("a part of the request was cancelled");
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IOException("a part of the request failed: " + cause, cause);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
