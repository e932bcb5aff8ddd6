/** couchrepl's durable store: {@code SqliteStore}, a replication source and target in one SQLite file. */
module io.couchrepl.store {
    requires transitive io.couchrepl.core;
    requires java.sql;
    requires org.xerial.sqlitejdbc;
    requires org.slf4j;

    exports io.couchrepl.store;
}
