package io.couchrepl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.couchrepl.protocol.ReplicationStats;
import io.couchrepl.http.ClientOptions;
import io.couchrepl.http.CouchUrl;
import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.memory.MemoryStore;
import io.couchrepl.testing.Fault;
import io.couchrepl.testing.FaultPlan;
import io.couchrepl.testing.FaultProxy;
import io.couchrepl.testing.SampleDocs;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A fault-injecting proxy between the replicator and the real server breaks requests, one fault
 * class at a time and all of them mixed at random (fixed seeds): every replication still ends
 * completed, with exactly the source's leaves, and counters that count each revision once.
 */
class FaultInjectionTest {

    private static final int DOCS = 120;
    private static final long SEED = 20260601L;

    private static TestDb db;
    private static List<JsonNode> expected;

    @BeforeAll
    static void fillSource() {
        db = TestServer.shared().createDb("faults");
        SampleDocs.fill(db, DOCS);
        expected = Leaves.ofServer(db.leaves());
    }

    @AfterAll
    static void dropSource() {
        db.drop();
    }

    /** Many quick retries, and a short idle timeout so a stalled answer is given up in a second. */
    private static ClientOptions patient() {
        return ClientOptions.builder()
                .retry(new RetryPolicy(12, Duration.ofMillis(1), Duration.ofMillis(20)))
                .idleTimeout(Duration.ofSeconds(1))
                .build();
    }

    static Stream<Fault> eachFaultClass() {
        return Stream.of(Fault.status(500), Fault.status(502), Fault.status(503), Fault.status(429),
                Fault.delay(Duration.ofMillis(30)), Fault.drop(), Fault.reset(), Fault.truncate(), Fault.stall(),
                Fault.refuse());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eachFaultClass")
    void eachFaultClassAloneEndsWithTheSourcesLeavesAndSaneCounters(Fault fault) throws Exception {
        double rate = fault.kind() == Fault.Kind.STALL ? 0.1 : 0.3;
        try (FaultProxy proxy = FaultProxy.in(db.server())
                .plan(FaultPlan.random(SEED, rate, List.of(fault), FaultPlan.anyRequest()))) {
            MemoryStore store = new MemoryStore();

            ReplicationStatus status = pull(proxy, store, 10);

            assertReplicatedExactly(status, store);
            assertThat(proxy.faultCount()).as("faults injected").isPositive();
        }
    }

    @Test
    void faultsMixedAtRandomOverAFewHundredRequestsEndWithTheSourcesLeavesAndSaneCounters() throws Exception {
        List<Fault> all = eachFaultClass().toList();
        try (FaultProxy proxy = FaultProxy.in(db.server())
                .plan(FaultPlan.random(SEED + 1, 0.15, all, FaultPlan.anyRequest()))) {
            MemoryStore store = new MemoryStore();

            ReplicationStatus status = pull(proxy, store, 1);

            assertReplicatedExactly(status, store);
            assertThat(proxy.exchanges()).as("requests through the proxy").hasSizeGreaterThan(250);
            assertThat(proxy.faultCount()).as("faults injected").isGreaterThan(25);
            assertThat(proxy.exchanges().stream().flatMap(e -> e.fault().stream()).map(Fault::kind).distinct())
                    .as("fault classes met").hasSizeGreaterThanOrEqualTo(6);
        }
    }

    private static ReplicationStatus pull(FaultProxy proxy, MemoryStore store, int batchSize) throws Exception {
        try (RemoteDatabase source = RemoteDatabase.open(CouchUrl.parse(proxy.urlOf(db)), patient())) {
            return Replicator.create(source, store, ReplicationOptions.builder().batchSize(batchSize).build()).run();
        }
    }

    private static void assertReplicatedExactly(ReplicationStatus status, MemoryStore store) throws Exception {
        assertThat(status.error()).isEmpty();
        assertThat(status.state()).isEqualTo(ReplicationState.COMPLETED);
        assertThat(Leaves.ofStore(store.leaves())).containsExactlyElementsOf(expected);
        ReplicationStats stats = status.stats();
        assertThat(stats.changesRead()).as("changes_read").isEqualTo(DOCS);
        assertThat(stats.revisionsChecked()).as("revisions_checked").isEqualTo(expected.size());
        assertThat(stats.missingRevisionsFound()).as("missing_revisions_found").isEqualTo(expected.size());
        assertThat(stats.docsRead()).as("docs_read").isEqualTo(expected.size());
        assertThat(stats.docsWritten()).as("docs_written").isEqualTo(expected.size());
        assertThat(stats.docWriteFailures()).as("doc_write_failures").isZero();
        assertThat(store.readCheckpoint(status.replicationId()).orElseThrow().lastSeq())
                .isEqualTo(status.checkpointedSeq().orElseThrow());
    }
}
