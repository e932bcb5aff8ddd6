/**
 * couchrepl's replication engine and its endpoints: the API ({@code io.couchrepl}), the SPI a
 * store implements ({@code io.couchrepl.spi}, with the protocol values it speaks), the HTTP
 * endpoint and the in-memory store. The stages and the engine are not exported; the few internals
 * the durable store shares (revision trees, the local-edit rules, the replication log's JSON,
 * attachment intake, JSON) are exported to it alone.
 */
module io.couchrepl.core {
    requires transitive com.fasterxml.jackson.core;
    requires transitive com.fasterxml.jackson.databind;
    requires org.slf4j;

    exports io.couchrepl;
    exports io.couchrepl.spi;
    exports io.couchrepl.protocol;
    exports io.couchrepl.http;
    exports io.couchrepl.memory;
    exports io.couchrepl.mirror;

    exports io.couchrepl.tree to io.couchrepl.store;
    exports io.couchrepl.edit to io.couchrepl.store;
    exports io.couchrepl.checkpoint to io.couchrepl.store;
    exports io.couchrepl.attachments to io.couchrepl.store;
    exports io.couchrepl.json to io.couchrepl.store;
}
