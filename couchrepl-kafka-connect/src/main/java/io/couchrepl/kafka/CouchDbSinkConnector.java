package io.couchrepl.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Kafka Connect sink for CouchDB: writes the revisions {@link CouchDbSourceConnector} produced into
 * CouchDB as replicated edits ({@code _revs_diff}, then {@code _bulk_docs?new_edits=false}, or
 * multipart with attachments), so the target gets the source's revision tree, conflicts and
 * deletions included. A replayed record is a no-op.
 */
public class CouchDbSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        CouchDbSinkConnectorConfig config = new CouchDbSinkConnectorConfig(props);
        String problem = config.connection().problem();
        if (problem != null) {
            // Once, not in a loop: CouchDB locks an account after a few wrong passwords.
            throw new ConnectException(problem);
        }
    }

    @Override
    public Class<? extends Task> taskClass() {
        return CouchDbSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            configs.add(new HashMap<>(props));
        }
        return configs;
    }

    @Override
    public void stop() {}

    @Override
    public ConfigDef config() {
        return CouchDbSinkConnectorConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        ConnectionCheck.check(config, connectorConfigs);
        return config;
    }
}
