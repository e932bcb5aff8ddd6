package io.couchrepl.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.testing.TestServer;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;
import org.junit.jupiter.api.Test;

/**
 * A bad config gets Connect's validation error on the key to fix, before any task starts; checked
 * against the real test server.
 */
class ConnectorValidationTest {

    private static String serverWithoutCredentials() {
        URI uri = URI.create(TestServer.shared().url());
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    }

    private static Map<String, String> source(Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>(Map.of("couchdb.url", TestServer.shared().url(),
                "couchdb.databases.include", "tenant-.*", "topic.prefix", "couch."));
        props.putAll(overrides);
        props.values().removeIf(v -> v == null || v.equals("<absent>"));
        return props;
    }

    private static Map<String, List<String>> errors(Connector connector, Map<String, String> props) {
        Config config = connector.validate(props);
        Map<String, List<String>> errors = new HashMap<>();
        for (ConfigValue value : config.configValues()) {
            if (!value.errorMessages().isEmpty()) {
                errors.put(value.name(), value.errorMessages());
            }
        }
        return errors;
    }

    @Test
    void aGoodConfigHasNoErrors() {
        assertThat(errors(new CouchDbSourceConnector(), source(Map.of()))).isEmpty();
        assertThat(errors(new CouchDbSinkConnector(), Map.of("couchdb.url", TestServer.shared().url(),
                "topics.regex", "couch\\..*"))).isEmpty();
    }

    @Test
    void anUnreachableUrlIsAnErrorOnTheUrl() {
        Map<String, List<String>> errors = errors(new CouchDbSourceConnector(),
                source(Map.of("couchdb.url", "http://admin:hunter2@127.0.0.1:1")));

        assertThat(errors).containsOnlyKeys("couchdb.url");
        assertThat(errors.get("couchdb.url").get(0)).startsWith("cannot reach the server http://127.0.0.1:1")
                .doesNotContain("hunter2");
    }

    @Test
    void aWrongPasswordIsAnErrorOnThePasswordAskedOnce() {
        String user = "validate" + ThreadLocalRandom.current().nextInt(1 << 30);
        TestServer.shared().request("PUT", "/_users/org.couchdb.user:" + user,
                "{\"name\":\"" + user + "\",\"password\":\"right\",\"roles\":[],\"type\":\"user\"}");

        Map<String, List<String>> errors = errors(new CouchDbSourceConnector(), source(Map.of(
                "couchdb.url", serverWithoutCredentials(), "couchdb.user", user, "couchdb.password", "wrong-pw-42",
                "couchdb.databases", "anything", "couchdb.databases.include", "<absent>")));

        assertThat(errors).containsOnlyKeys("couchdb.password");
        assertThat(errors.get("couchdb.password").get(0))
                .isEqualTo("the server " + serverWithoutCredentials()
                        + " refused the credentials (401 unauthorized: Name or password is incorrect.)");
    }

    @Test
    void aBadRegexIsAnErrorOnTheIncludeKey() {
        Map<String, List<String>> errors = errors(new CouchDbSourceConnector(),
                source(Map.of("couchdb.databases.include", "tenant-([")));

        assertThat(errors).containsOnlyKeys("couchdb.databases.include");
        assertThat(errors.get("couchdb.databases.include").get(0)).contains("not a regular expression: tenant-([");
    }

    @Test
    void aMissingTopicPrefixIsAnErrorOnTopicPrefix() {
        Map<String, List<String>> errors = errors(new CouchDbSourceConnector(), source(Map.of("topic.prefix", "<absent>")));

        assertThat(errors).containsOnlyKeys("topic.prefix");
        assertThat(errors.get("topic.prefix").get(0)).contains("Missing required configuration \"topic.prefix\"");
    }

    @Test
    void noDatabasesNamedNorIncludedIsAnError() {
        Map<String, List<String>> errors = errors(new CouchDbSourceConnector(),
                source(Map.of("couchdb.databases.include", "<absent>")));

        assertThat(errors).containsOnlyKeys("couchdb.databases.include");
        assertThat(errors.get("couchdb.databases.include").get(0))
                .isEqualTo("name databases in couchdb.databases or give couchdb.databases.include");
    }
}
