package io.couchrepl.spi;

import io.couchrepl.protocol.ChangesBatch;
import io.couchrepl.protocol.ChangesRequest;
import io.couchrepl.protocol.FetchResult;
import io.couchrepl.protocol.RevRequest;
import java.io.IOException;
import java.util.List;

/**
 * A database replication reads from: its changes feed and its revisions with their history.
 *
 * <p>Failure contract: failures are {@link IOException}s, typed where the replication acts on them:
 * {@link RefusedException} when the source refuses for good (credentials, rights,
 * {@link NoSuchDatabaseException}), {@link UnavailableException} when it stays away after its own
 * retries. The HTTP source keeps the server's answer as the cause ({@code CouchHttpException} with
 * the status, {@code error} and {@code reason}). A revision that no longer exists is not an error
 * but a {@link FetchResult.NotFound}. Blocking calls give up with an
 * {@link java.io.InterruptedIOException} when the calling thread is interrupted. One replication
 * calls a source from one thread at a time, except {@link #fetch}, which may be called concurrently.
 */
public interface Source extends AutoCloseable {

    /** Who this source is, without credentials: part of the replication id. */
    String identity();

    /** One page of the changes feed, in {@code style=all_docs}, since the request's sequence. */
    ChangesBatch changes(ChangesRequest request) throws IOException;

    /**
     * The requested revisions with {@code _revisions}, following each to its current leaf ({@code latest}),
     * with their attachments: bodies, except those unchanged since a revision of the request's
     * {@code attsSince}, which may come as stubs. The caller releases the bodies
     * ({@link io.couchrepl.protocol.DocRevision#releaseBodies()}) once written.
     */
    FetchResult fetch(List<RevRequest> requests) throws IOException;

    @Override
    void close() throws IOException;
}
