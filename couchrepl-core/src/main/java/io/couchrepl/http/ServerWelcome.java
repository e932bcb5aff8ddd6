package io.couchrepl.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;

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
            pouchDbServer = client.getFromServer("/", ServerWelcome::isPouchDbServer);
        }
        return pouchDbServer;
    }

    /** Reads the welcome's top-level names as a stream: no object mapper for one answer. */
    private static boolean isPouchDbServer(InputStream body) throws IOException {
        boolean couchdb = false;
        boolean express = false;
        try (JsonParser p = Json.FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                couchdb |= p.currentName().equals("couchdb");
                express |= p.currentName().equals("express-pouchdb");
                p.nextToken();
                p.skipChildren();
            }
        }
        return !couchdb && express;
    }
}
