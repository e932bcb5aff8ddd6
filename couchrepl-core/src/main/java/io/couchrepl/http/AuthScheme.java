package io.couchrepl.http;

/** How a client proves who it is to CouchDB. */
public enum AuthScheme {
    /** {@code Authorization: Basic} on every request. */
    BASIC,
    /**
     * A session cookie from {@code POST /_session}, taken again when the server refuses it (CouchDB's
     * sessions last 10 minutes unless renewed): the password crosses the network once per session.
     */
    COOKIE
}
