package io.couchrepl.http;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

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
    private final Optional<Duration> retryAfter;

    public CouchHttpException(int status, String error, String reason, String method, String url) {
        this(status, error, reason, method, url, Optional.empty());
    }

    /** A refusal with the wait the server asked for in {@code Retry-After}, if it did. */
    public CouchHttpException(int status, String error, String reason, String method, String url,
            Optional<Duration> retryAfter) {
        super(method + " " + url + " answered " + status + " " + error + (reason == null || reason.isEmpty() ? "" : ": " + reason));
        this.status = status;
        this.error = error;
        this.reason = reason;
        this.method = method;
        this.url = url;
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
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

    /** How long the server asked to wait before trying again ({@code Retry-After} of a 429 or 503). */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }

    /**
     * CouchDB 3 refuses even the right password with this 403 for a while after several wrong ones
     * from the same address: a reason to wait, not to give up.
     */
    public boolean isAccountLocked() {
        return status == 403 && reason != null && reason.contains("temporarily locked");
    }
}
