package io.couchrepl.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.CheckpointPlacement;
import io.couchrepl.ReplicationOptions;
import io.couchrepl.ReplicationState;
import io.couchrepl.ReplicationStatus;
import io.couchrepl.Replicator;
import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.protocol.ChangesBatch;
import io.couchrepl.protocol.ChangesRequest;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.FetchResult;
import io.couchrepl.protocol.MissingRevs;
import io.couchrepl.protocol.Rev;
import io.couchrepl.protocol.RevRequest;
import io.couchrepl.spi.Checkpoint;
import io.couchrepl.spi.LocalDocuments;
import io.couchrepl.spi.Source;
import io.couchrepl.spi.Target;
import io.couchrepl.spi.WriteResult;
import io.couchrepl.testing.SampleDocs;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * With the checkpoint on the source ({@code --checkpoint source} or {@code both}), the source's
 * replication log vouches for what the store holds: it is written only after the store has made
 * every batch before it durable ({@link SqliteStore#makeDurable()}, an fsync of its write-ahead log).
 * The order is recorded between a real CouchDB and the durable store.
 */
class DurabilityOrderTest {

    @TempDir
    Path dir;

    private final TestDb db = TestServer.shared().createDb("durable");
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void drop() {
        db.drop();
    }

    @ParameterizedTest
    @EnumSource(value = CheckpointPlacement.class, names = {"SOURCE", "BOTH"})
    void theSourcesLogIsWrittenOnlyAfterTheStoreMadeTheBatchesDurable(CheckpointPlacement placement) throws Exception {
        SampleDocs.fill(db, 120);
        ReplicationStatus status;
        try (SqliteStore store = SqliteStore.open(dir.resolve("store.db"));
                RemoteDatabase remote = RemoteDatabase.open(db.url())) {
            Replicator replicator = Replicator.create(new RecordingSource(remote), new RecordingTarget(store),
                    ReplicationOptions.builder().batchSize(25).checkpoints(placement).build());
            status = replicator.run();
            assertThat(db.get("/_local/" + replicator.replicationId()).status()).isEqualTo(200);
        }
        assertThat(status.state()).isEqualTo(ReplicationState.COMPLETED);

        List<String> order = List.copyOf(events);
        assertThat(order).filteredOn("source log"::equals).hasSizeGreaterThanOrEqualTo(5);
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i).equals("source log")) {
                int lastWrite = order.subList(0, i).lastIndexOf("write");
                int lastDurable = order.subList(0, i).lastIndexOf("durable");
                assertThat(lastDurable).as("event %d of %s: a durable point after the last write", i, order)
                        .isGreaterThan(lastWrite);
            }
        }
    }

    /** The store, recording its writes and durable points. */
    private final class RecordingTarget implements Target {
        private final SqliteStore store;

        RecordingTarget(SqliteStore store) {
            this.store = store;
        }

        @Override
        public String identity() {
            return store.identity();
        }

        @Override
        public Map<String, MissingRevs> revsDiff(Map<String, List<Rev>> revs) throws IOException {
            return store.revsDiff(revs);
        }

        @Override
        public WriteResult writeDocs(List<DocRevision> docs) throws IOException {
            WriteResult result = store.writeDocs(docs);
            events.add("write");
            return result;
        }

        @Override
        public WriteResult writeDocsAndCheckpoint(List<DocRevision> docs, Checkpoint checkpoint) throws IOException {
            WriteResult result = store.writeDocsAndCheckpoint(docs, checkpoint);
            events.add("write");
            return result;
        }

        @Override
        public Optional<Checkpoint> readCheckpoint(String replicationId) throws IOException {
            return store.readCheckpoint(replicationId);
        }

        @Override
        public void writeCheckpoint(Checkpoint checkpoint) throws IOException {
            store.writeCheckpoint(checkpoint);
            events.add("write");
        }

        @Override
        public void makeDurable() throws IOException {
            store.makeDurable();
            events.add("durable");
        }

        @Override
        public void close() {}
    }

    /** The CouchDB source, recording the writes of its replication log. */
    private final class RecordingSource implements Source, LocalDocuments {
        private final RemoteDatabase remote;

        RecordingSource(RemoteDatabase remote) {
            this.remote = remote;
        }

        @Override
        public String identity() {
            return remote.identity();
        }

        @Override
        public ChangesBatch changes(ChangesRequest request) throws IOException {
            return remote.changes(request);
        }

        @Override
        public FetchResult fetch(List<RevRequest> requests) throws IOException {
            return remote.fetch(requests);
        }

        @Override
        public Optional<String> getLocal(String id) throws IOException {
            return remote.getLocal(id);
        }

        @Override
        public void putLocal(String id, String json) throws IOException {
            events.add("source log");
            remote.putLocal(id, json);
        }

        @Override
        public void close() {}
    }
}
