package io.couchrepl.http;

import io.couchrepl.spi.NoSuchDatabaseException;
import io.couchrepl.spi.RefusedException;
import io.couchrepl.spi.UnavailableException;
import io.couchrepl.spi.WriteRefusedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;

/**
 * The one table that decides what a failed request of the replication protocol leads to, as
 * CouchDB's replicator decides per document and Debezium's {@code ErrorHandler} per record. Every
 * call asks it; a failure it finds {@link Outcome#FATAL} leaves the HTTP edge as a typed exception
 * of the SPI ({@link #typed}), so no caller reads a status code or a message.
 *
 * <table>
 *   <caption>Failures and what they lead to, first match wins</caption>
 *   <tr><th>failure</th><th>call</th><th>outcome</th></tr>
 *   <tr><td>network error, timeout, a stalled or broken-off answer; 408, 429, 5xx but 501 and 505;
 *       CouchDB's 403 "Account is temporarily locked"</td><td>any</td><td>{@link Outcome#RETRY}</td></tr>
 *   <tr><td>413, 414</td><td>{@code _bulk_get}, {@code open_revs}, {@code _bulk_docs}</td><td>{@link Outcome#SPLIT}</td></tr>
 *   <tr><td>400, 401, 403, 412, 413, 415</td><td>multipart {@code PUT} of a document</td><td>{@link Outcome#SKIP_DOCUMENT}</td></tr>
 *   <tr><td>405, 501; 404 but a missing database; 400 naming {@code _bulk_get}</td><td>{@code _bulk_get}</td><td>{@link Outcome#FALL_BACK} to {@code open_revs}</td></tr>
 *   <tr><td>409</td><td>{@code PUT _local}</td><td>{@link Outcome#FALL_BACK}: read the current {@code _rev}, write once more</td></tr>
 *   <tr><td>404</td><td>{@code open_revs}, {@code GET _local}</td><td>{@link Outcome#ABSENT}</td></tr>
 *   <tr><td>412</td><td>{@code PUT} of the database</td><td>{@link Outcome#EXISTS}</td></tr>
 *   <tr><td>anything else: 401, 403, 404, 407 (the proxy's), other 4xx, a refused bearer token, an
 *       answer that is not the promised JSON, an untrusted certificate, a server refusing the TLS
 *       handshake for want of a client certificate, an interrupt (a pause or stop)</td><td>any</td><td>{@link Outcome#FATAL}</td></tr>
 * </table>
 *
 * <p>401 is never retried: every wrong password brings CouchDB's lockout closer. The locked account's
 * 403 is, since waiting is the only cure.
 *
 * <p>Past the HTTP edge only the types are read: the replicator restarts a continuous replication
 * after an {@link UnavailableException} (the retries ran out), the checkpointer keeps the log on the
 * target when the source answers {@link WriteRefusedException}, and the command maps
 * {@link RefusedException} to its exit code 3.
 */
final class FailureClassifier {

    /** The protocol's calls, as far as their failures are decided differently. */
    enum Call {
        SERVER_INFO, DATABASE_INFO, CREATE_DATABASE, CHANGES, REVS_DIFF, BULK_GET, OPEN_REVS, BULK_DOCS,
        PUT_DOCUMENT, GET_LOCAL, PUT_LOCAL
    }

    /** What a failure leads to. */
    enum Outcome {
        /** Send the same request again, after a wait ({@link Retries}). */
        RETRY,
        /** Send the items of the request in halves ({@link BatchSplitter}). */
        SPLIT,
        /** The document alone is refused: count it as a write failure and go on. */
        SKIP_DOCUMENT,
        /** Ask another way: {@code open_revs} for {@code _bulk_get}, the current {@code _rev} for a {@code _local} write. */
        FALL_BACK,
        /** What was asked for is not there: an empty answer, not a failure. */
        ABSENT,
        /** What was to be created is there already. */
        EXISTS,
        /** The replication cannot go on: thrown, as a typed exception ({@link #typed}). */
        FATAL
    }

    private FailureClassifier() {}

    static Outcome classify(Call call, IOException failure) {
        if (isTransient(failure)) {
            return Outcome.RETRY;
        }
        if (!(failure instanceof CouchHttpException refusal)) {
            return Outcome.FATAL;
        }
        int status = refusal.status();
        return switch (call) {
            case BULK_GET -> status == 413 || status == 414 ? Outcome.SPLIT
                    : lacksBulkGet(refusal) ? Outcome.FALL_BACK : Outcome.FATAL;
            case OPEN_REVS -> status == 413 || status == 414 ? Outcome.SPLIT
                    : status == 404 ? Outcome.ABSENT : Outcome.FATAL;
            case BULK_DOCS -> status == 413 || status == 414 ? Outcome.SPLIT : Outcome.FATAL;
            case PUT_DOCUMENT -> switch (status) {
                case 400, 401, 403, 412, 413, 415 -> Outcome.SKIP_DOCUMENT;
                default -> Outcome.FATAL;
            };
            case GET_LOCAL -> status == 404 ? Outcome.ABSENT : Outcome.FATAL;
            case PUT_LOCAL -> status == 409 ? Outcome.FALL_BACK : Outcome.FATAL;
            case CREATE_DATABASE -> status == 412 ? Outcome.EXISTS : Outcome.FATAL;
            case SERVER_INFO, DATABASE_INFO, CHANGES, REVS_DIFF -> Outcome.FATAL;
        };
    }

    /** Whether trying the same request again may succeed. */
    static boolean isTransient(IOException e) {
        if (e instanceof CouchHttpException refusal) {
            int status = refusal.status();
            return status == 408 || status == 429 || (status >= 500 && status != 501 && status != 505)
                    || refusal.isAccountLocked();
        }
        if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
            return false;
        }
        if (Thread.currentThread().isInterrupted()) {
            return false;
        }
        return !(e instanceof MalformedResponseException
                || e instanceof UntrustedServerException
                || e instanceof RefusedException
                || e instanceof UnavailableException);
    }

    /**
     * A fatal failure as the SPI types it: a refusal of the credentials or rights, or of a write
     * ({@code PUT _local}), a missing database; other failures stay as they are.
     */
    static IOException typed(Call call, IOException failure) {
        if (!(failure instanceof CouchHttpException refusal)) {
            return failure;
        }
        if (refusal instanceof TokenRefusedException) {
            return new RefusedException(refusal.getMessage(), refusal);
        }
        return switch (refusal.status()) {
            case 407 -> new RefusedException(refusal.getMessage(), refusal);
            case 401, 403 -> call == Call.PUT_LOCAL
                    ? new WriteRefusedException(refusal.getMessage(), refusal)
                    : new RefusedException(refusal.getMessage(), refusal);
            case 404 -> isMissingDatabase(refusal)
                    ? new NoSuchDatabaseException(refusal.getMessage(), refusal)
                    : new RefusedException(refusal.getMessage(), refusal);
            default -> refusal;
        };
    }

    /** CouchDB's and PouchDB Server's words for a database that is not there. */
    private static boolean isMissingDatabase(CouchHttpException e) {
        return e.status() == 404 && (e.reason() != null && e.reason().contains("Database does not exist") || "no_db_file".equals(e.reason()));
    }

    /** Servers before CouchDB 2.3 take {@code _bulk_get} for a document id or an unknown method. */
    private static boolean lacksBulkGet(CouchHttpException e) {
        return e.status() == 405 || e.status() == 501
                || (e.status() == 404 && !isMissingDatabase(e))
                || (e.status() == 400 && "bad_request".equals(e.error()) && e.reason() != null && e.reason().contains("_bulk_get"));
    }
}
