package io.couchrepl.mirror;

import io.couchrepl.protocol.Seq;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The databases of one server, as the scheduler discovers them: {@code _all_dbs} and
 * {@code _db_updates}.
 *
 * <p>Failure contract: I/O problems and refusals are {@link IOException}s (the HTTP catalog throws
 * {@code CouchHttpException}). Thread-safe.
 */
public interface DatabaseCatalog extends AutoCloseable {

    /** The server, without credentials. */
    String identity();

    /** Every database's name ({@code _all_dbs}). */
    List<String> allDbs() throws IOException;

    /**
     * The databases created, updated or deleted since {@code since} ({@code _db_updates}), waiting up
     * to {@code wait} for the first; empty when this user may not read the feed (or the server keeps
     * none), and the caller polls {@link #allDbs()} instead. {@code since} empty means "from now".
     */
    Optional<DbUpdates> updates(Optional<Seq> since, Duration wait) throws IOException;

    @Override
    void close() throws IOException;
}
