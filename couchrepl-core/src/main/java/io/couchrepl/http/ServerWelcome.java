package io.couchrepl.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** What a server says of itself at {@code GET /}, asked once: whether it is PouchDB Server. */
final class ServerWelcome {

    private final CouchClient client;
    private volatile Boolean pouchDbServer;

    ServerWelcome(CouchClient client) {
        this.client = client;
    }

    /** PouchDB Server's welcome has no {@code "couchdb"} key, and an {@code "express-pouchdb"} one. */
    boolean isPouchDbServer() throws IOException {
        if (pouchDbServer == null) {
            JsonNode welcome = client.getFromServer("/", Json.MAPPER::readTree);
            pouchDbServer = welcome != null && !welcome.has("couchdb") && welcome.has("express-pouchdb");
        }
        return pouchDbServer;
    }
}
