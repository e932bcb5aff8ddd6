package io.couchrepl.protocol;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One {@code _changes} request: since where, how many rows at most, whether to wait for changes,
 * which documents ({@code filter}), and whether to list only winning revisions
 * ({@code style=main_only} instead of {@code all_docs}).
 *
 * <p>{@code params} carries further query options passed to the source as they are.
 */
public record ChangesRequest(
        Seq since,
        int limit,
        Feed feed,
        Duration heartbeat,
        Optional<ChangesFilter> filter,
        boolean winningRevsOnly,
        Map<String, String> params) {

    /** How the source answers when there is nothing new. */
    public enum Feed {
        /** Answer at once, possibly with no rows. */
        NORMAL,
        /** Hold the request open until a change arrives, sending heartbeats meanwhile. */
        LONGPOLL
    }

    public ChangesRequest {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(feed, "feed");
        Objects.requireNonNull(heartbeat, "heartbeat");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        Objects.requireNonNull(filter, "filter");
        params = Map.copyOf(new TreeMap<>(params));
    }
}
