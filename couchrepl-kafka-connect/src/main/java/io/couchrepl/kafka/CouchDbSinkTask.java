package io.couchrepl.kafka;

import io.couchrepl.http.CouchHttpException;
import io.couchrepl.http.CouchUrl;
import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.http.RemoteServer;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.MissingRevs;
import io.couchrepl.protocol.Rev;
import io.couchrepl.spi.WriteResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes revision records into CouchDB through the engine's target side ({@link RemoteDatabase}):
 * asks {@code _revs_diff} which revisions the target lacks and writes those as replicated edits, so
 * a replayed record (Connect delivers at least once) writes nothing and is counted as a duplicate.
 * Writes are done when {@link #put} returns, so the offsets Connect then commits never run ahead.
 *
 * <p>A record that cannot be written (not a revision, no source database, refused by the target's
 * {@code validate_doc_update}, too large) goes to Connect's error handling
 * ({@link ErrantRecordReporter}: {@code errors.tolerance}, the dead-letter queue) with CouchDB's
 * {@code error} and {@code reason}; never dropped silently. A server that cannot be reached is a
 * {@link RetriableException}: Connect delivers the batch again.
 */
public class CouchDbSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(CouchDbSinkTask.class);

    private CouchDbSinkConnectorConfig config;
    private RemoteServer server;
    private ErrantRecordReporter reporter;
    private final Map<String, RemoteDatabase> targets = new HashMap<>();
    private long written;
    private long duplicates;
    private long failed;

    /** A record and the revision it carries. */
    private record Pending(SinkRecord record, DocRevision revision) {}

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new CouchDbSinkConnectorConfig(props);
        server = config.connection().open();
        try {
            reporter = context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            reporter = null; // a worker older than Kafka 2.6: failures stop the task instead
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        Map<String, List<Pending>> byTarget = new LinkedHashMap<>();
        for (SinkRecord record : records) {
            if (record.value() == null) {
                continue; // heartbeats (and tombstones) carry no revision
            }
            Optional<String> database = sourceDatabase(record);
            if (database.isEmpty()) {
                fail(record, "no source database: the record has no 'database' header and its key names none");
                continue;
            }
            DocRevision revision;
            try {
                revision = RevisionJson.parse(text(record.value()));
            } catch (IllegalArgumentException e) {
                fail(record, e.getMessage());
                continue;
            }
            byTarget.computeIfAbsent(config.targetDatabase(database.get()), t -> new ArrayList<>())
                    .add(new Pending(record, revision));
        }
        for (Map.Entry<String, List<Pending>> target : byTarget.entrySet()) {
            write(target.getKey(), target.getValue());
        }
    }

    private void write(String name, List<Pending> pending) {
        try {
            RemoteDatabase target = target(name);
            Map<String, List<Rev>> asked = new LinkedHashMap<>();
            for (Pending p : pending) {
                asked.computeIfAbsent(p.revision().id(), id -> new ArrayList<>()).add(p.revision().rev());
            }
            Map<String, MissingRevs> missing = target.revsDiff(asked);
            List<Pending> toWrite = new ArrayList<>();
            Set<String> queued = new HashSet<>();
            for (Pending p : pending) {
                MissingRevs lacking = missing.get(p.revision().id());
                String key = p.revision().id() + '\u0000' + p.revision().rev();
                if (lacking != null && lacking.missing().contains(p.revision().rev()) && queued.add(key)) {
                    toWrite.add(p);
                }
            }
            long replays = pending.size() - toWrite.size();
            WriteResult result = target.writeDocs(toWrite.stream().map(Pending::revision).toList());
            Set<String> refused = new HashSet<>();
            for (WriteResult.Failure failure : result.failures()) {
                refused.add(failure.id() + '\u0000' + failure.rev());
                for (Pending p : toWrite) {
                    if (p.revision().id().equals(failure.id())
                            && (failure.rev() == null || p.revision().rev().equals(failure.rev()))) {
                        fail(p.record(), "database " + name + " refused " + failure.id() + " " + failure.rev() + ": "
                                + failure.error() + ": " + failure.reason());
                    }
                }
            }
            written += toWrite.size() - result.failures().size();
            duplicates += replays;
            if (replays > 0) {
                log.info("{}: {} revision(s) already there (records delivered again) skipped; {} written, {} duplicates"
                        + " so far", name, replays, written, duplicates);
            }
        } catch (IOException failure) {
            Optional<CouchHttpException> answer = Refusals.answerOf(failure);
            int status = answer.map(CouchHttpException::status).orElse(0);
            if (status == 404) {
                CouchHttpException e = answer.get();
                String reason = "database " + name + " does not exist (" + e.error() + ": " + e.reason() + ")"
                        + (config.getBoolean(CouchDbSinkConnectorConfig.CREATE_DATABASES) ? ""
                                : "; set couchdb.create.databases=true to create it");
                pending.forEach(p -> fail(p.record(), reason));
                return;
            }
            if (status == 401 || status == 403) {
                throw new ConnectException(CouchUrl.redact(failure.getMessage()));
            }
            throw new RetriableException(CouchUrl.redact(failure.getMessage()));
        } finally {
            pending.forEach(p -> p.revision().releaseBodies());
        }
    }

    private RemoteDatabase target(String name) throws IOException {
        RemoteDatabase target = targets.get(name);
        if (target == null) {
            target = server.database(name);
            if (config.getBoolean(CouchDbSinkConnectorConfig.CREATE_DATABASES)) {
                target.create();
            }
            targets.put(name, target);
        }
        return target;
    }

    /** The record's source database: its {@code database} header, else its key's. */
    private static Optional<String> sourceDatabase(SinkRecord record) {
        Header header = record.headers().lastWithName(RecordHeaders.DATABASE);
        if (header != null && header.value() != null) {
            Object value = header.value();
            return Optional.of(value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString());
        }
        return RecordHeaders.databaseOfKey(record.key());
    }

    private static String text(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        throw new IllegalArgumentException("not a revision: the value is a " + value.getClass().getSimpleName()
                + ", not JSON text (use StringConverter or ByteArrayConverter for values)");
    }

    /** Hands a record to Connect's error handling; without it, stops the task rather than lose the record. */
    private void fail(SinkRecord record, String reason) {
        failed++;
        String where = record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
        log.warn("record {} not written: {}", where, reason);
        if (reporter == null) {
            throw new ConnectException("record " + where + " not written: " + reason);
        }
        reporter.report(record, new DataException(reason));
    }

    @Override
    public void stop() {
        targets.values().forEach(RemoteDatabase::close);
        targets.clear();
        if (server != null) {
            server.close();
        }
        log.info("sink task stops: {} revision(s) written, {} duplicate(s) skipped, {} record(s) failed", written,
                duplicates, failed);
    }
}
