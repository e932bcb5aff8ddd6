package io.couchrepl.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.protocol.Change;
import io.couchrepl.protocol.ChangesBatch;
import io.couchrepl.protocol.ChangesRequest;
import io.couchrepl.protocol.Seq;
import io.couchrepl.testing.ForwardingProxy;
import io.couchrepl.testing.ServerKind;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Pages of {@code _changes} are asked with {@code seq_interval} set to the page size, so the server
 * computes one sequence a page instead of one a row; paging by {@code last_seq} still reads every change.
 */
class SeqIntervalTest {

    @Test
    void pagesAskedWithSeqIntervalStillReadEveryChangeOnce() throws Exception {
        TestDb db = TestServer.shared().createDb("seqinterval");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            ids.add("doc-" + i);
            db.put("doc-" + i, "{\"n\":" + i + "}");
        }
        List<String> read = new ArrayList<>();
        int rowsWithoutSeq = 0;
        try (ForwardingProxy proxy = ForwardingProxy.in(db.server());
             RemoteDatabase source = RemoteDatabase.open(proxy.urlOf(db))) {
            Seq since = new Seq("0");
            for (int page = 0; page < 10; page++) {
                ChangesBatch batch = source.changes(new ChangesRequest(since, 5, ChangesRequest.Feed.NORMAL,
                        Duration.ofSeconds(10), Optional.empty(), false, Map.of()));
                if (batch.isEmpty()) {
                    break;
                }
                for (Change change : batch.changes()) {
                    read.add(change.id());
                    rowsWithoutSeq += change.seq().isEmpty() ? 1 : 0;
                }
                since = batch.lastSeq();
            }
            assertThat(proxy.requests()).filteredOn(r -> r.pathAndQuery().contains("/_changes"))
                    .allMatch(r -> r.pathAndQuery().contains("&limit=5&seq_interval=5"));
        }
        assertThat(read).containsExactlyInAnyOrderElementsOf(ids);
        if (db.server().kind() == ServerKind.COUCHDB) {
            // CouchDB honours it: most rows come without their sequence.
            assertThat(rowsWithoutSeq).isGreaterThan(ids.size() / 2);
        }
        db.drop();
    }
}
