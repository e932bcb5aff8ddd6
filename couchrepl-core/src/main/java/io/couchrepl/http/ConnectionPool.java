package io.couchrepl.http;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Connections kept alive between requests, per server. One idle for longer than a server keeps
 * it (Node's HTTP server, under PouchDB Server, closes after 5 s) is closed instead of reused.
 */
final class ConnectionPool {

    private static final int MAX_IDLE_PER_ORIGIN = 16;
    private static final long MAX_IDLE_NANOS = 4_000_000_000L;

    private final Map<Origin, Deque<HttpConnection>> idle = new HashMap<>();

    /** The most recently used idle connection to {@code origin}, or null. */
    synchronized HttpConnection take(Origin origin) {
        Deque<HttpConnection> connections = idle.get(origin);
        long now = System.nanoTime();
        while (connections != null && !connections.isEmpty()) {
            HttpConnection connection = connections.pollLast();
            if (now - connection.idleSince() < MAX_IDLE_NANOS) {
                return connection;
            }
            closeQuietly(connection);
        }
        return null;
    }

    /** Keeps {@code connection}, whose last answer was read to its end, for the next request. */
    synchronized void release(HttpConnection connection) {
        Deque<HttpConnection> connections = idle.computeIfAbsent(connection.origin(), o -> new ArrayDeque<>());
        if (connections.size() >= MAX_IDLE_PER_ORIGIN) {
            closeQuietly(connection);
            return;
        }
        connection.idleFrom(System.nanoTime());
        connections.addLast(connection);
    }

    /** Closes the idle connections to origins other than {@code origin}. */
    synchronized void closeIdleExcept(Origin origin) {
        idle.forEach((o, connections) -> {
            if (!o.equals(origin)) {
                connections.forEach(ConnectionPool::closeQuietly);
                connections.clear();
            }
        });
    }

    /** Closes every idle connection. */
    synchronized void closeAll() {
        idle.values().forEach(connections -> connections.forEach(ConnectionPool::closeQuietly));
        idle.clear();
    }

    static void closeQuietly(HttpConnection connection) {
        try {
            connection.close();
        } catch (IOException ignored) {
            // Nothing more to do with a connection that is gone.
        }
    }
}
