package io.couchrepl.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.FetchResult;
import io.couchrepl.protocol.Rev;
import io.couchrepl.protocol.RevRequest;
import io.couchrepl.spi.RefusedException;
import io.couchrepl.testing.ForwardingProxy;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A page of revisions fetched as several {@code _bulk_get} requests in flight at once. */
class ConcurrentPartsTest {

    private static final int DOCS = 300;

    private TestDb db;
    private final List<RevRequest> page = new ArrayList<>();

    @BeforeEach
    void createDatabase() {
        db = TestServer.shared().createDb("bulkget");
        StringBuilder docs = new StringBuilder("[");
        for (int i = 0; i < DOCS; i++) {
            String id = String.format("doc-%03d", i);
            docs.append(i == 0 ? "" : ",").append("{\"_id\":\"").append(id).append("\",\"_rev\":\"1-")
                    .append(String.format("%032x", i)).append("\",\"n\":").append(i).append('}');
            page.add(new RevRequest(id, List.of(new Rev(1, String.format("%032x", i))), List.of()));
        }
        db.bulkDocs(docs.append(']').toString(), false);
        // Asked in an order the server would not choose itself.
        Collections.reverse(page);
    }

    @AfterEach
    void dropDatabase() {
        db.drop();
    }

    @Test
    void aLargePageGoesOutAsSeveralRequestsAtOnceAndComesBackInTheOrderAsked() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        try (ForwardingProxy proxy = ForwardingProxy.in(db.server()).answer(request -> {
                    if (request.pathAndQuery().contains("/_bulk_get")) {
                        // Hold each request a moment: parts sent at once overlap here, parts sent in turn do not.
                        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        sleep(300);
                        inFlight.decrementAndGet();
                    }
                    return Optional.empty();
                });
             RemoteDatabase source = RemoteDatabase.open(proxy.urlOf(db))) {

            FetchResult result = source.fetch(page);

            assertThat(result.notFound()).isEmpty();
            assertThat(result.revisions()).extracting(DocRevision::id)
                    .containsExactlyElementsOf(page.stream().map(RevRequest::id).toList());
            assertThat(result.revisions().get(0).body()).isEqualTo("{\"n\":299}");
            List<ForwardingProxy.Request> bulkGets = proxy.requests().stream()
                    .filter(r -> r.pathAndQuery().contains("/_bulk_get")).toList();
            assertThat(bulkGets).hasSize(ConcurrentParts.MAX_PARALLEL);
            assertThat(bulkGets).allMatch(r -> r.pathAndQuery().contains("?revs=true&latest=true"));
            assertThat(mostInFlight.get()).isGreaterThan(1);
        }
    }

    @Test
    void aPartTheServerRefusesFailsTheWholeFetch() throws Exception {
        try (ForwardingProxy proxy = ForwardingProxy.in(db.server()).answer(request ->
                    request.pathAndQuery().contains("/_bulk_get") && request.bodyText().contains("\"doc-000\"")
                            ? Optional.of(ForwardingProxy.Answer.json(403, "{\"error\":\"forbidden\",\"reason\":\"boom\"}"))
                            : Optional.empty());
             RemoteDatabase source = RemoteDatabase.open(proxy.urlOf(db))) {

            assertThatThrownBy(() -> source.fetch(page))
                    .isInstanceOf(RefusedException.class)
                    .cause().isInstanceOfSatisfying(CouchHttpException.class, e -> {
                        assertThat(e.status()).isEqualTo(403);
                        assertThat(e.reason()).isEqualTo("boom");
                    });
        }
    }

    @Test
    void anInterruptCutsEveryPartShort() throws Exception {
        try (ForwardingProxy proxy = ForwardingProxy.in(db.server()).answer(request -> {
                    if (request.pathAndQuery().contains("/_bulk_get")) {
                        sleep(5_000);
                    }
                    return Optional.empty();
                });
             RemoteDatabase source = RemoteDatabase.open(proxy.urlOf(db))) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread fetching = new Thread(() -> {
                try {
                    source.fetch(page);
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            fetching.start();
            Thread.sleep(300);
            long interrupted = System.nanoTime();
            fetching.interrupt();
            fetching.join(5_000);

            assertThat(fetching.isAlive()).isFalse();
            assertThat((System.nanoTime() - interrupted) / 1_000_000).isLessThan(2_500);
            assertThat(thrown.get()).isInstanceOf(InterruptedIOException.class);
        }
    }

    @Test
    void whenOnePartFailsTheAnswersAlreadyInAreDiscardedOnceEach() throws Exception {
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < ConcurrentParts.MIN_PART * ConcurrentParts.MAX_PARALLEL; i++) {
            items.add(i);
        }
        List<List<Integer>> discarded = Collections.synchronizedList(new ArrayList<>());
        try (ConcurrentParts parts = new ConcurrentParts()) {
            assertThatThrownBy(() -> parts.<Integer, List<Integer>>send(items, part -> {
                        if (part.contains(items.get(items.size() - 1))) {
                            sleep(200); // the others are in by now
                            throw new java.io.IOException("the last part broke off");
                        }
                        return part;
                    }, (a, b) -> {
                        List<Integer> both = new ArrayList<>(a);
                        both.addAll(b);
                        return both;
                    }, discarded::add))
                    .hasMessage("the last part broke off");
        }
        // Every answer that came in is handed back exactly once, merged or not; the failed part is not.
        List<Integer> released = discarded.stream().flatMap(List::stream).sorted().toList();
        assertThat(released).containsExactlyElementsOf(items.subList(0, items.size() - ConcurrentParts.MIN_PART));
    }

    @Test
    void aSmallListIsOneRequest() {
        assertThat(ConcurrentParts.split(page.subList(0, ConcurrentParts.MIN_PART * 2 - 1))).hasSize(1);
    }

    @Test
    void splittingKeepsEveryItemInOrderInPartsOfAtLeastTheMinimum() {
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 301; i++) {
            items.add(i);
        }

        List<List<Integer>> parts = ConcurrentParts.split(items);

        assertThat(parts).hasSize(ConcurrentParts.MAX_PARALLEL);
        assertThat(parts.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(items);
        assertThat(parts).allSatisfy(part -> assertThat(part).hasSizeGreaterThanOrEqualTo(ConcurrentParts.MIN_PART));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
