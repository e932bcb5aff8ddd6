package io.couchrepl.kafka;

import io.couchrepl.http.CouchUrl;
import io.couchrepl.http.RemoteServer;
import io.couchrepl.mirror.DatabaseDiscovery;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.util.ConnectorUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Connect source for CouchDB: every leaf revision of the selected databases, deleted and
 * conflicting ones included, with its history, one record each. Finds the databases (named, or
 * matching {@code couchdb.databases.include}), follows the server for new and deleted ones, and
 * splits them over {@code tasks.max} {@link CouchDbSourceTask}s; a change in the set reconfigures
 * the tasks.
 */
public class CouchDbSourceConnector extends SourceConnector {

    private static final Logger log = LoggerFactory.getLogger(CouchDbSourceConnector.class);

    private Map<String, String> props;
    private RemoteServer server;
    private DatabaseDiscovery discovery;
    private final Set<String> databases = java.util.Collections.synchronizedSet(new TreeSet<>());

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        CouchDbSourceConnectorConfig config;
        try {
            config = new CouchDbSourceConnectorConfig(props);
        } catch (ConfigException e) {
            throw new ConnectException(CouchUrl.redact(e.getMessage()));
        }
        CouchDbConnection connection = config.connection();
        // A wrong password fails the connector once: asking again and again would lock the account.
        String problem = connection.problem();
        if (problem != null) {
            throw new ConnectException(problem);
        }
        server = connection.open();
        discovery = new DatabaseDiscovery(server, config.selection(),
                Duration.ofMillis(config.getLong(CouchDbSourceConnectorConfig.DISCOVERY_INTERVAL)), new Found());
        try {
            databases.addAll(discovery.discover());
        } catch (IOException e) {
            throw new ConnectException("cannot list the databases of " + connection.identity() + ": "
                    + CouchUrl.redact(e.getMessage()));
        }
        log.info("CouchDB source on {}: {} database(s){}", connection.identity(), databases.size(),
                discovery.followsUpdates() ? ", following _db_updates" : ", listing _all_dbs for new ones");
        discovery.start();
    }

    /** New and deleted databases change the tasks' shares. */
    private final class Found implements DatabaseDiscovery.Listener {
        @Override
        public void added(Set<String> found) {
            databases.addAll(found);
            context.requestTaskReconfiguration();
        }

        @Override
        public void removed(Set<String> gone) {
            databases.removeAll(gone);
            context.requestTaskReconfiguration();
        }
    }

    @Override
    public Class<? extends Task> taskClass() {
        return CouchDbSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<String> all;
        synchronized (databases) {
            all = new ArrayList<>(databases);
        }
        if (all.isEmpty()) {
            return List.of();
        }
        List<Map<String, String>> configs = new ArrayList<>();
        for (List<String> share : ConnectorUtils.groupPartitions(all, Math.min(maxTasks, all.size()))) {
            Map<String, String> task = new HashMap<>(props);
            task.put(CouchDbSourceConnectorConfig.TASK_DATABASES, String.join(",", share));
            configs.add(task);
        }
        return configs;
    }

    @Override
    public void stop() {
        if (discovery != null) {
            discovery.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Override
    public ConfigDef config() {
        return CouchDbSourceConnectorConfig.CONFIG_DEF;
    }

    /** Connect's per-key validation, then whether the server answers and takes the credentials. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Map<String, ConfigValue> values = ConnectionCheck.check(config, connectorConfigs);
        String databasesKey = CouchDbSourceConnectorConfig.DATABASES;
        String includeKey = CouchDbSourceConnectorConfig.INCLUDE;
        if (isBlank(connectorConfigs.get(databasesKey)) && isBlank(connectorConfigs.get(includeKey))) {
            values.get(includeKey).addErrorMessage("name databases in " + databasesKey + " or give " + includeKey);
        }
        return config;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        // Offsets are opaque sequences stored with the records; a page is sent again from its start
        // seq after a failure, and exactly-once workers commit both in one transaction.
        return ExactlyOnceSupport.SUPPORTED;
    }
}
