package io.couchrepl.http;

import java.io.IOException;

/**
 * A CouchDB server refused a request: the HTTP status and CouchDB's {@code error} and {@code reason},
 * with the method and the URL (credentials removed).
 */
public class CouchHttpException extends IOException {

    private final int status;
    private final String error;
    private final String reason;
    private final String method;
    private final String url;

    public CouchHttpException(int status, String error, String reason, String method, String url) {
        super(method + " " + url + " answered " + status + " " + error + (reason == null || reason.isEmpty() ? "" : ": " + reason));
        this.status = status;
        this.error = error;
        this.reason = reason;
        this.method = method;
        this.url = url;
    }

    public int status() {
        return status;
    }

    /** CouchDB's {@code error} word, such as {@code not_found} or {@code unauthorized}. */
    public String error() {
        return error;
    }

    public String reason() {
        return reason;
    }

    public String method() {
        return method;
    }

    /** The request URL without credentials. */
    public String url() {
        return url;
    }
}
