package io.couchrepl.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;

/**
 * The part of both connectors' validation that asks the server: reachable, credentials accepted.
 * The error goes on the key the user must fix: {@code couchdb.password} for refused credentials
 * given there, {@code couchdb.url} otherwise.
 */
final class ConnectionCheck {

    private ConnectionCheck() {}

    /**
     * Adds the server's refusal to Connect's validation result {@code config} of {@code props}; returns
     * its values by key, for a connector's own further checks.
     */
    static Map<String, ConfigValue> check(Config config, Map<String, String> props) {
        Map<String, ConfigValue> values = new HashMap<>();
        config.configValues().forEach(v -> values.put(v.name(), v));
        check(props, values);
        return values;
    }

    private static void check(Map<String, String> props, Map<String, ConfigValue> values) {
        ConfigValue url = values.get(CouchDbConnection.URL);
        ConfigValue password = values.get(CouchDbConnection.PASSWORD);
        ConfigValue user = values.get(CouchDbConnection.USER);
        if (url == null || !url.errorMessages().isEmpty() || props.get(CouchDbConnection.URL) == null
                || (password != null && !password.errorMessages().isEmpty())
                || (user != null && !user.errorMessages().isEmpty())) {
            return;
        }
        CouchDbConnection connection = new CouchDbConnection(props.get(CouchDbConnection.URL),
                props.get(CouchDbConnection.USER), props.get(CouchDbConnection.PASSWORD) == null ? null
                        : new org.apache.kafka.common.config.types.Password(props.get(CouchDbConnection.PASSWORD)));
        String problem = connection.problem();
        if (problem == null) {
            return;
        }
        boolean credentials = problem.contains("refused the credentials") || problem.contains("locked the account");
        if (credentials && props.get(CouchDbConnection.PASSWORD) != null && password != null) {
            password.addErrorMessage(problem);
        } else {
            url.addErrorMessage(problem);
        }
    }
}
