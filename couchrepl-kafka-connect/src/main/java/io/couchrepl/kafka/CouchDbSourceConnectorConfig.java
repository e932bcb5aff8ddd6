package io.couchrepl.kafka;

import io.couchrepl.mirror.DatabaseSelection;
import io.couchrepl.protocol.ChangesFilter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The settings of {@link CouchDbSourceConnector}, each a documented key with its validator and
 * default; parsed and checked once.
 */
final class CouchDbSourceConnectorConfig extends AbstractConfig {

    static final String DATABASES = "couchdb.databases";
    static final String INCLUDE = "couchdb.databases.include";
    static final String DISCOVERY_INTERVAL = "couchdb.discovery.interval.ms";
    static final String POLL_INTERVAL = "couchdb.poll.interval.ms";
    static final String CONCURRENCY = "couchdb.concurrency";
    static final String TOPIC_PREFIX = "topic.prefix";
    static final String BATCH_SIZE = "batch.size";
    static final String DOC_IDS = "couchdb.doc.ids";
    static final String SELECTOR = "couchdb.selector";
    static final String INLINE_MAX = "attachments.inline.max.bytes";
    static final String HEARTBEAT_TOPIC = "heartbeat.topic";
    /** Set by the connector in each task's config: the databases that task serves. */
    static final String TASK_DATABASES = "couchdb.task.databases";

    private static final String GROUP_DATABASES = "Databases";
    private static final String GROUP_RECORDS = "Records";

    static final ConfigDef CONFIG_DEF = CouchDbConnection.define(new ConfigDef())
            .define(DATABASES, ConfigDef.Type.LIST, List.of(), ConfigDef.Importance.HIGH,
                    "Databases to read, comma-separated. With " + INCLUDE + ", both are read.",
                    GROUP_DATABASES, 1, ConfigDef.Width.LONG, "Databases")
            .define(INCLUDE, ConfigDef.Type.STRING, null, new RegexValidator(), ConfigDef.Importance.HIGH,
                    "A Java regular expression over the server's _all_dbs: every database whose whole name matches"
                            + " is read, including those created later. System databases (_users, _replicator,"
                            + " ...) are left out unless named in " + DATABASES + ". Listing databases needs a"
                            + " server admin.",
                    GROUP_DATABASES, 2, ConfigDef.Width.LONG, "Include databases")
            .define(DISCOVERY_INTERVAL, ConfigDef.Type.LONG, 30_000L, ConfigDef.Range.atLeast(100),
                    ConfigDef.Importance.LOW,
                    "Where the user may not read _db_updates: how often to list _all_dbs for new and deleted"
                            + " databases. A change in the set reconfigures the tasks.",
                    GROUP_DATABASES, 3, ConfigDef.Width.SHORT, "Discovery interval (ms)")
            .define(POLL_INTERVAL, ConfigDef.Type.LONG, 5_000L, ConfigDef.Range.atLeast(100), ConfigDef.Importance.LOW,
                    "Where the user may not read _db_updates: how often a task looks at a quiet database's"
                            + " changes feed. With _db_updates, a database is read when it changes.",
                    GROUP_DATABASES, 4, ConfigDef.Width.SHORT, "Poll interval (ms)")
            .define(CONCURRENCY, ConfigDef.Type.INT, 4, ConfigDef.Range.between(1, 256), ConfigDef.Importance.LOW,
                    "Databases a task reads at once; the busy ones first.",
                    GROUP_DATABASES, 5, ConfigDef.Width.SHORT, "Concurrency per task")
            .define(TOPIC_PREFIX, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new TopicPrefixValidator(),
                    ConfigDef.Importance.HIGH,
                    "The topic of a database is this prefix plus the database's name, with each character Kafka"
                            + " refuses ($ ( ) + /) written as '.' and its two hex digits: db 'a/b' with prefix"
                            + " 'couch.' goes to 'couch.a.2Fb'.",
                    GROUP_RECORDS, 1, ConfigDef.Width.MEDIUM, "Topic prefix")
            .define(BATCH_SIZE, ConfigDef.Type.INT, 500, ConfigDef.Range.between(1, 10_000), ConfigDef.Importance.MEDIUM,
                    "Changes read per _changes page: the revisions of a page go out together.",
                    GROUP_RECORDS, 2, ConfigDef.Width.SHORT, "Batch size")
            .define(DOC_IDS, ConfigDef.Type.LIST, List.of(), ConfigDef.Importance.LOW,
                    "Only these documents (filter=_doc_ids), comma-separated.",
                    GROUP_RECORDS, 3, ConfigDef.Width.LONG, "Document ids")
            .define(SELECTOR, ConfigDef.Type.STRING, null, new SelectorValidator(), ConfigDef.Importance.LOW,
                    "Only documents this Mango selector (a JSON object) matches (filter=_selector).",
                    GROUP_RECORDS, 4, ConfigDef.Width.LONG, "Selector")
            .define(INLINE_MAX, ConfigDef.Type.LONG, 262_144L, ConfigDef.Range.atLeast(0), ConfigDef.Importance.MEDIUM,
                    "Attachments of up to this many stored bytes go inline in the record (base64 'data'); larger"
                            + " ones go as stubs, which a sink can write only where the target holds them. 0:"
                            + " stubs only. Keep records under the topic's max.message.bytes (base64 adds a third).",
                    GROUP_RECORDS, 5, ConfigDef.Width.SHORT, "Inline attachments up to (bytes)")
            .define(HEARTBEAT_TOPIC, ConfigDef.Type.STRING, "__couchrepl-heartbeats", new TopicPrefixValidator(),
                    ConfigDef.Importance.LOW,
                    "Where heartbeat records go: one, with the database as key and no value, moves the offset of"
                            + " a filtered feed whose pages produce no record.",
                    GROUP_RECORDS, 6, ConfigDef.Width.MEDIUM, "Heartbeat topic")
            .define(TASK_DATABASES, ConfigDef.Type.LIST, List.of(), ConfigDef.Importance.LOW,
                    "Set by the connector for each task: the databases it reads. Not for users.");

    CouchDbSourceConnectorConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
        if (getList(DATABASES).isEmpty() && getString(INCLUDE) == null && !props.containsKey(TASK_DATABASES)) {
            throw new ConfigException(INCLUDE, null, "name databases in " + DATABASES + " or give " + INCLUDE);
        }
        if (!getList(DOC_IDS).isEmpty() && getString(SELECTOR) != null) {
            throw new ConfigException(SELECTOR, getString(SELECTOR), "give " + DOC_IDS + " or " + SELECTOR + ", not both");
        }
    }

    CouchDbConnection connection() {
        return CouchDbConnection.of(values());
    }

    DatabaseSelection selection() {
        String include = getString(INCLUDE);
        return new DatabaseSelection(new LinkedHashSet<>(getList(DATABASES)),
                include == null ? Optional.empty() : Optional.of(DatabaseSelection.compile(include)));
    }

    Optional<ChangesFilter> filter() {
        if (!getList(DOC_IDS).isEmpty()) {
            return Optional.of(new ChangesFilter.DocIds(getList(DOC_IDS)));
        }
        String selector = getString(SELECTOR);
        return selector == null ? Optional.empty() : Optional.of(new ChangesFilter.Selector(selector));
    }

    /** A regular expression that compiles. */
    static final class RegexValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value != null) {
                try {
                    DatabaseSelection.compile((String) value);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }
        }

        @Override
        public String toString() {
            return "a Java regular expression";
        }
    }

    /** Characters Kafka takes in a topic name. */
    static final class TopicPrefixValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value != null && !TopicNames.isValidPrefix((String) value)) {
                throw new ConfigException(name, value, "a topic name holds only a-z A-Z 0-9 . _ -");
            }
        }

        @Override
        public String toString() {
            return "a-z A-Z 0-9 . _ -";
        }
    }

    /** A JSON object. */
    static final class SelectorValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value != null) {
                try {
                    new ChangesFilter.Selector((String) value);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }
        }

        @Override
        public String toString() {
            return "a Mango selector (a JSON object)";
        }
    }
}
