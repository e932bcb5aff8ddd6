package io.couchrepl.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.TextNode;

/**
 * A CouchDB setting changed for one test ({@code PUT /_node/_local/_config/SECTION/KEY}) and put back
 * as it was on {@link #close()}: a lowered {@code max_http_request_size}, a short session timeout.
 */
public final class ServerConfig implements AutoCloseable {

    private final TestServer server;
    private final String path;
    private final HttpResult before;

    private ServerConfig(TestServer server, String path, HttpResult before) {
        this.server = server;
        this.path = path;
        this.before = before;
    }

    /** Sets {@code section/key} to {@code value}; asserts the server took it. */
    public static ServerConfig set(TestServer server, String section, String key, String value) {
        String path = "/_node/_local/_config/" + section + "/" + key;
        HttpResult before = server.request("GET", path, null);
        HttpResult set = server.request("PUT", path, Json.write(TextNode.valueOf(value)));
        if (set.status() != 200) {
            fail("PUT " + path + " answered " + set.status() + ": " + Json.abbreviate(set.body()));
        }
        return new ServerConfig(server, path, before);
    }

    /** Puts the setting back: its old value, or none if it had none. */
    @Override
    public void close() {
        if (before.status() == 200) {
            server.request("PUT", path, before.body().strip());
        } else {
            server.request("DELETE", path, null);
        }
    }
}
