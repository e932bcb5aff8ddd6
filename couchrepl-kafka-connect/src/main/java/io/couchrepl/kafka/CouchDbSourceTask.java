package io.couchrepl.kafka;

import io.couchrepl.http.CouchUrl;
import io.couchrepl.http.RemoteServer;
import io.couchrepl.mirror.DatabaseDiscovery;
import io.couchrepl.mirror.DatabaseScheduler;
import io.couchrepl.mirror.DatabaseSelection;
import io.couchrepl.protocol.Seq;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads its share of the databases with the core's many-databases scheduler
 * ({@link DatabaseScheduler}): a few at once, the busy ones first; a quiet one is read when
 * {@code _db_updates} says it changed, or every {@code couchdb.poll.interval.ms} where that feed
 * cannot be read. Each turn reads one page of one database ({@link DatabaseFeed}) and queues its
 * records, which {@link #poll()} hands to Connect; the queue is bounded, so a slow Kafka slows the
 * reading, never fills the memory. Each database starts from the offset Connect stored for it.
 */
public class CouchDbSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(CouchDbSourceTask.class);

    /** How long a database that failed waits before it is read again. */
    private static final Duration RETRY_DELAY = Duration.ofSeconds(5);

    /** With {@code _db_updates}, a quiet database is still looked at this often, in case an event was missed. */
    private static final Duration SAFETY_POLL = Duration.ofMinutes(5);

    private final Map<String, DatabaseFeed> feeds = new ConcurrentHashMap<>();
    private BlockingQueue<List<SourceRecord>> pages;
    private RemoteServer server;
    private DatabaseScheduler scheduler;
    private DatabaseDiscovery discovery;
    private CouchDbSourceConnectorConfig config;
    private String identity;
    private Map<String, Optional<Seq>> offsets;
    /** Reads each busy database's next page of changes while its current page is fetched. */
    private final ExecutorService prefetch = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "couchrepl-changes-prefetch");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new CouchDbSourceConnectorConfig(props);
        CouchDbConnection connection = config.connection();
        identity = connection.identity();
        server = connection.open();
        List<String> databases = config.getList(CouchDbSourceConnectorConfig.TASK_DATABASES);
        offsets = storedOffsets(databases);
        int concurrency = config.getInt(CouchDbSourceConnectorConfig.CONCURRENCY);
        pages = new ArrayBlockingQueue<>(concurrency * 2);
        discovery = new DatabaseDiscovery(server, DatabaseSelection.named(databases),
                Duration.ofMillis(config.getLong(CouchDbSourceConnectorConfig.POLL_INTERVAL)), new Changed());
        try {
            discovery.discover();
        } catch (IOException e) {
            throw new ConnectException("cannot reach " + identity + ": " + CouchUrl.redact(e.getMessage()));
        }
        Duration polls = discovery.followsUpdates() ? SAFETY_POLL
                : Duration.ofMillis(config.getLong(CouchDbSourceConnectorConfig.POLL_INTERVAL));
        scheduler = new DatabaseScheduler(concurrency, polls, RETRY_DELAY, this::turn);
        scheduler.add(Set.copyOf(databases));
        scheduler.start();
        if (discovery.followsUpdates()) {
            discovery.start();
        }
        log.info("reading {} database(s) of {}, {} at once", databases.size(), identity, concurrency);
    }

    private Map<String, Optional<Seq>> storedOffsets(List<String> databases) {
        List<Map<String, String>> partitions = databases.stream().map(db -> SourceInfo.partition(identity, db)).toList();
        Map<Map<String, String>, Map<String, Object>> stored = context.offsetStorageReader().offsets(partitions);
        Map<String, Optional<Seq>> seqs = new ConcurrentHashMap<>();
        for (String db : databases) {
            seqs.put(db, SourceInfo.seq(stored == null ? null : stored.get(SourceInfo.partition(identity, db))));
        }
        return seqs;
    }

    /** A written database gets a turn soon. */
    private final class Changed implements DatabaseDiscovery.Listener {
        @Override
        public void added(Set<String> databases) {
            // The connector assigns databases; a task only reads its own.
        }

        @Override
        public void removed(Set<String> databases) {
            // The connector drops deleted databases and reconfigures the tasks.
        }

        @Override
        public void changed(String database) {
            scheduler.changed(database);
        }
    }

    /** One page of one database into the queue. */
    private DatabaseScheduler.Outcome turn(String database) throws IOException, InterruptedException {
        DatabaseFeed feed = feeds.computeIfAbsent(database, db -> new DatabaseFeed(db, server.database(db), identity,
                offsets.getOrDefault(db, Optional.empty()), config.getInt(CouchDbSourceConnectorConfig.BATCH_SIZE),
                config.filter(), config.getString(CouchDbSourceConnectorConfig.TOPIC_PREFIX),
                config.getString(CouchDbSourceConnectorConfig.HEARTBEAT_TOPIC),
                config.getLong(CouchDbSourceConnectorConfig.INLINE_MAX), prefetch));
        DatabaseFeed.Page page;
        try {
            page = feed.next();
        } catch (IOException | RuntimeException e) {
            // Read the database again from the last page queued: a new feed starts from there.
            feeds.remove(database).close();
            throw e;
        }
        if (!page.records().isEmpty()) {
            pages.put(page.records());
            offsets.put(database, Optional.of(lastOffset(page)));
        }
        return new DatabaseScheduler.Outcome(page.changes(), page.caughtUp());
    }

    private static Seq lastOffset(DatabaseFeed.Page page) {
        Map<String, ?> offset = page.records().get(page.records().size() - 1).sourceOffset();
        return Seq.ofJson((String) offset.get(SourceInfo.SEQ));
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        List<SourceRecord> page = pages.poll(1, TimeUnit.SECONDS);
        if (page == null) {
            return null;
        }
        List<SourceRecord> records = new ArrayList<>(page);
        List<SourceRecord> more;
        while (records.size() < 2000 && (more = pages.poll()) != null) {
            records.addAll(more);
        }
        return records;
    }

    @Override
    public void stop() {
        if (discovery != null) {
            discovery.close();
        }
        if (scheduler != null) {
            // A turn waiting to queue its page must not hold the stop up.
            if (pages != null) {
                pages.clear();
            }
            scheduler.close(Duration.ofSeconds(2));
        }
        feeds.values().forEach(DatabaseFeed::close);
        feeds.clear();
        prefetch.shutdownNow();
        if (server != null) {
            server.close();
        }
    }
}
