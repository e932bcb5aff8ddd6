package io.couchrepl.http;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** One request as {@link Transport} sends it: method, URL, headers, and a body or none. */
final class Request {

    private final String method;
    private final URI uri;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private CouchClient.Upload upload;

    Request(String method, URI uri) {
        this.method = method;
        this.uri = uri;
        // PouchDB Server answers text/plain unless asked for JSON.
        headers.put("Accept", "application/json");
    }

    /** Sets header {@code name}, replacing a value it had. */
    Request header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    Request body(CouchClient.Upload upload) {
        this.upload = upload;
        return upload == null ? this : header("Content-Type", upload.contentType());
    }

    String method() {
        return method;
    }

    URI uri() {
        return uri;
    }

    Map<String, String> headers() {
        return headers;
    }

    CouchClient.Upload upload() {
        return upload;
    }
}
