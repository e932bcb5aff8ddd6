package io.couchrepl.http;

import java.io.IOException;
import java.util.List;
import java.util.function.BinaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a list in one request and, when the server refuses that request as too large (413) or its
 * URL as too long (414), sends each half on its own, and so on down to single items.
 *
 * <p>CouchDB refuses a whole request over {@code max_http_request_size}, and a whole
 * {@code _bulk_docs} with one document over {@code max_document_size} in it (nothing of it is
 * written): halving finds what fits, and isolates the one item that never will, which the caller
 * then reports ({@link SingleRefused}) instead of retrying it forever.
 */
final class BatchSplitter {

    private static final Logger log = LoggerFactory.getLogger(BatchSplitter.class);

    /** The request for some of the items. */
    @FunctionalInterface
    interface Request<T, R> {
        R send(List<T> items) throws IOException;
    }

    /** What to make of one item refused on its own: a failure to report, or a rethrow. */
    @FunctionalInterface
    interface SingleRefused<T, R> {
        R refused(T item, CouchHttpException refusal) throws IOException;
    }

    private BatchSplitter() {}

    /** Rethrows the refusal of a single item, as the failure that ends the replication it is. */
    static <T, R> SingleRefused<T, R> rethrow(FailureClassifier.Call call) {
        return (item, refusal) -> {
            throw FailureClassifier.typed(call, refusal);
        };
    }

    /** Sends {@code items}, halving them while the classifier says {@link FailureClassifier.Outcome#SPLIT} for {@code call}. */
    static <T, R> R send(FailureClassifier.Call call, List<T> items, Request<T, R> request, BinaryOperator<R> merge,
            SingleRefused<T, R> single) throws IOException {
        try {
            return request.send(items);
        } catch (CouchHttpException e) {
            if (FailureClassifier.classify(call, e) != FailureClassifier.Outcome.SPLIT) {
                throw e;
            }
            if (items.size() == 1) {
                return single.refused(items.get(0), e);
            }
            int half = items.size() / 2;
            log.info("{} {} refused {} items ({} {}); sending {} and {}", e.method(), e.url().split("\\?", 2)[0],
                    items.size(), e.status(), e.error(), half, items.size() - half);
            R first = send(call, items.subList(0, half), request, merge, single);
            R second = send(call, items.subList(half, items.size()), request, merge, single);
            return merge.apply(first, second);
        }
    }
}
