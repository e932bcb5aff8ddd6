package io.couchrepl.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchSplitterTest {

    private final List<List<Integer>> sent = new ArrayList<>();

    /** A server that refuses (413) any request with more than {@code max} items or with item 13 in it. */
    private List<String> request(List<Integer> items, int max) throws CouchHttpException {
        sent.add(List.copyOf(items));
        if (items.size() > max || items.contains(13)) {
            throw new CouchHttpException(413, "too_large", "the request entity is too large", "POST", "http://h/db/_bulk_docs");
        }
        return items.stream().map(i -> "ok:" + i).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void halvesARefusedBatchUntilEachPartFitsKeepingTheOrder() throws Exception {
        List<Integer> items = IntStream.range(0, 10).boxed().toList();

        List<String> result = BatchSplitter.send(FailureClassifier.Call.BULK_DOCS, items, some -> request(some, 3), BatchSplitterTest::concat,
                BatchSplitter.rethrow(FailureClassifier.Call.BULK_DOCS));

        assertThat(result).containsExactlyElementsOf(items.stream().map(i -> "ok:" + i).toList());
        assertThat(sent.get(0)).hasSize(10);
        assertThat(sent).filteredOn(part -> part.size() <= 3).flatExtracting(part -> part)
                .containsExactlyElementsOf(items);
    }

    @Test
    void isolatesTheOneItemThatNeverFitsAndReportsItWhileTheOthersGoThrough() throws Exception {
        List<Integer> items = IntStream.range(10, 18).boxed().toList();

        List<String> result = BatchSplitter.send(FailureClassifier.Call.BULK_DOCS, items, some -> request(some, 100), BatchSplitterTest::concat,
                (item, refusal) -> List.of("failed:" + item + ":" + refusal.error()));

        assertThat(result).containsExactly("ok:10", "ok:11", "ok:12", "failed:13:too_large", "ok:14", "ok:15",
                "ok:16", "ok:17");
        assertThat(sent.stream().map(List::size).collect(Collectors.toList())).contains(1).doesNotContain(0);
    }

    @Test
    void otherRefusalsAreNotSplit() {
        assertThatThrownBy(() -> BatchSplitter.send(FailureClassifier.Call.BULK_DOCS, List.of(1, 2, 3), some -> {
            sent.add(some);
            throw new CouchHttpException(500, "boom", "", "POST", "http://h/db/_bulk_get");
        }, BatchSplitterTest::concat, BatchSplitter.rethrow(FailureClassifier.Call.BULK_DOCS))).isInstanceOf(CouchHttpException.class);
        assertThat(sent).hasSize(1);
    }
}
