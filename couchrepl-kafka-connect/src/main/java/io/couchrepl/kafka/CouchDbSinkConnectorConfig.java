package io.couchrepl.kafka;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/** The settings of {@link CouchDbSinkConnector}, each a documented key with its default. */
final class CouchDbSinkConnectorConfig extends AbstractConfig {

    static final String DATABASE_FORMAT = "couchdb.database.format";
    static final String CREATE_DATABASES = "couchdb.create.databases";
    static final String DATABASE_PLACEHOLDER = "${database}";

    private static final String GROUP_TARGET = "Target";

    static final ConfigDef CONFIG_DEF = CouchDbConnection.define(new ConfigDef())
            .define(DATABASE_FORMAT, ConfigDef.Type.STRING, DATABASE_PLACEHOLDER, new FormatValidator(),
                    ConfigDef.Importance.HIGH,
                    "The database a record is written to: " + DATABASE_PLACEHOLDER + " is the source database"
                            + " (the record's 'database' header), e.g. copy-" + DATABASE_PLACEHOLDER + ".",
                    GROUP_TARGET, 1, ConfigDef.Width.MEDIUM, "Target database")
            .define(CREATE_DATABASES, ConfigDef.Type.BOOLEAN, false, ConfigDef.Importance.MEDIUM,
                    "Create a target database on first use (needs a server admin). Otherwise a record for a"
                            + " missing database goes to Connect's error handling.",
                    GROUP_TARGET, 2, ConfigDef.Width.SHORT, "Create databases");

    CouchDbSinkConnectorConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    CouchDbConnection connection() {
        return CouchDbConnection.of(values());
    }

    String targetDatabase(String sourceDatabase) {
        return getString(DATABASE_FORMAT).replace(DATABASE_PLACEHOLDER, sourceDatabase);
    }

    /** A format that names a database: not empty. */
    static final class FormatValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || ((String) value).isBlank()) {
                throw new org.apache.kafka.common.config.ConfigException(name, value,
                        "give a database name, with " + DATABASE_PLACEHOLDER + " for the source database");
            }
        }

        @Override
        public String toString() {
            return "a database name, " + DATABASE_PLACEHOLDER + " standing for the source database";
        }
    }
}
