package io.couchrepl.kafka;

import io.couchrepl.changes.ChangesReader;
import io.couchrepl.fetch.DocFetcher;
import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.protocol.Change;
import io.couchrepl.protocol.ChangesBatch;
import io.couchrepl.protocol.ChangesFilter;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.FetchResult;
import io.couchrepl.protocol.MissingRevs;
import io.couchrepl.protocol.Seq;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * One database's changes feed as source records, a page at a time, through the engine's own source
 * stages: {@link ChangesReader} ({@code _changes?style=all_docs}, the filters) and {@link DocFetcher}
 * ({@code _bulk_get?revs=true&latest=true}, attachments). Every leaf a row lists is fetched, since a
 * topic, unlike a target, cannot say what it already holds.
 *
 * <p>Offsets: the last record of a page carries the page's {@code last_seq}; the records before it
 * carry the sequence the page was read from, so a page cut short is read again, never skipped. A
 * page that yields no record (a filtered feed) yields one heartbeat record carrying its
 * {@code last_seq}.
 *
 * <p>While a page's revisions are fetched, the next page of changes is already asked for (on
 * {@code prefetch}), as the engine's reader runs ahead of its fetcher. Not thread-safe: the scheduler
 * never gives a database two turns at once.
 */
final class DatabaseFeed implements AutoCloseable {

    private final String database;
    private final RemoteDatabase source;
    private final ChangesReader reader;
    private final DocFetcher fetcher;
    private final Map<String, String> partition;
    private final String topic;
    private final String heartbeatTopic;
    private final long inlineMaxBytes;
    private final ExecutorService prefetch;
    private Seq since;
    private Future<ChangesBatch> nextPage;

    DatabaseFeed(String database, RemoteDatabase source, String server, Optional<Seq> since, int batchSize,
            Optional<ChangesFilter> filter, String topicPrefix, String heartbeatTopic, long inlineMaxBytes,
            ExecutorService prefetch) {
        this.database = database;
        this.source = source;
        this.reader = new ChangesReader(source, batchSize, Duration.ofSeconds(10), filter, false, Map.of());
        this.fetcher = new DocFetcher(source);
        this.partition = SourceInfo.partition(server, database);
        this.topic = TopicNames.topic(topicPrefix, database);
        this.heartbeatTopic = heartbeatTopic;
        this.inlineMaxBytes = inlineMaxBytes;
        this.prefetch = prefetch;
        this.since = since.orElse(Seq.ZERO);
    }

    /** The records of the next page. */
    record Page(List<SourceRecord> records, int changes, boolean caughtUp) {}

    /** Reads the next page and turns its revisions into records; the feed moves past it. */
    Page next() throws IOException {
        ChangesBatch batch = nextPage == null ? reader.next(since, false) : await(nextPage);
        nextPage = null;
        int rows = batch.changes().size();
        boolean caughtUp = reader.isCaughtUp(batch, rows);
        if (!caughtUp) {
            Seq from = batch.lastSeq();
            nextPage = prefetch.submit(() -> reader.next(from, false));
        }
        List<MissingRevs> wanted = new ArrayList<>(rows);
        for (Change change : batch.changes()) {
            wanted.add(new MissingRevs(change.id(), change.revs(), List.of()));
        }
        FetchResult fetched = fetcher.fetch(wanted);
        List<SourceRecord> records = new ArrayList<>(fetched.revisions().size() + 1);
        try {
            for (int i = 0; i < fetched.revisions().size(); i++) {
                boolean last = i == fetched.revisions().size() - 1;
                records.add(record(fetched.revisions().get(i), last ? batch.lastSeq() : since, batch.lastSeq()));
            }
        } finally {
            fetched.revisions().forEach(DocRevision::releaseBodies);
        }
        if (records.isEmpty() && !batch.lastSeq().equals(since)) {
            records.add(heartbeat(batch.lastSeq()));
        }
        since = batch.lastSeq();
        return new Page(records, rows, caughtUp);
    }

    private static ChangesBatch await(Future<ChangesBatch> page) throws IOException {
        try {
            return page.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading the changes feed");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause());
        }
    }

    private SourceRecord record(DocRevision revision, Seq offset, Seq pageSeq) throws IOException {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(RecordHeaders.DATABASE, database);
        headers.addString(RecordHeaders.REV, revision.rev().toString());
        headers.addString(RecordHeaders.SEQ, pageSeq.json());
        return new SourceRecord(partition, SourceInfo.offset(offset), topic, null, Schema.STRING_SCHEMA,
                RecordHeaders.key(database, revision.id()), Schema.STRING_SCHEMA,
                RevisionJson.write(revision, inlineMaxBytes), null, headers);
    }

    private SourceRecord heartbeat(Seq seq) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(RecordHeaders.DATABASE, database);
        headers.addString(RecordHeaders.SEQ, seq.json());
        headers.addBoolean(RecordHeaders.HEARTBEAT, true);
        return new SourceRecord(partition, SourceInfo.offset(seq), heartbeatTopic, null, Schema.STRING_SCHEMA, database,
                Schema.OPTIONAL_STRING_SCHEMA, null, null, headers);
    }

    @Override
    public void close() {
        if (nextPage != null) {
            nextPage.cancel(true);
        }
        source.close();
    }
}
