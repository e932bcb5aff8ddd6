package io.couchrepl.cli;

import io.couchrepl.ReplicationException;
import io.couchrepl.edit.ConflictException;
import io.couchrepl.edit.NotFoundException;
import io.couchrepl.http.CouchHttpException;
import io.couchrepl.http.CouchUrl;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;

/** Turns what went wrong into the one line a user reads, and an exit code. Never repeats a password. */
final class Failures {

    private Failures() {}

    static String describe(Throwable failure) {
        if (failure instanceof StoreException e) {
            return CouchUrl.redact(e.getMessage());
        }
        CouchHttpException http = find(failure, CouchHttpException.class);
        if (http != null) {
            return CouchUrl.redact(describe(http));
        }
        Throwable root = rootCause(failure);
        String where = failure instanceof ReplicationException || failure instanceof IOException
                ? failure.getMessage() : null;
        if (root instanceof UnknownHostException || root instanceof UnresolvedAddressException) {
            return CouchUrl.redact(firstPart(where) + ": unknown host");
        }
        if (root instanceof ConnectException || root instanceof HttpConnectTimeoutException) {
            return CouchUrl.redact(where == null ? "cannot connect: " + root.getMessage() : where);
        }
        String message = where != null ? where : failure.getMessage();
        if (message == null || message.isBlank()) {
            message = failure.getClass().getSimpleName();
        }
        return CouchUrl.redact(message.lines().findFirst().orElse(message));
    }

    private static String describe(CouchHttpException e) {
        String refusal = "(" + e.status() + " " + e.error() + (e.reason() == null || e.reason().isEmpty() ? "" : ": " + e.reason()) + ")";
        String db = dbOf(e.url());
        return switch (e.status()) {
            case 401 -> db + " refused the credentials " + refusal
                    + "; give a user that may read it in the URL, as http://user:password@host:port/db";
            case 403 -> db + " forbids this user " + refusal;
            case 404 -> e.reason() != null && e.reason().contains("Database does not exist")
                    || "no_db_file".equals(e.reason())
                    ? "database " + db + " does not exist " + refusal
                    : e.method() + " " + e.url() + " was not found " + refusal;
            default -> e.method() + " " + e.url() + " failed " + refusal;
        };
    }

    /** The database URL a request URL belongs to: everything before the first {@code /_} or {@code ?}. */
    private static String dbOf(String url) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        int special = base.indexOf("/_", base.indexOf("//") + 2);
        return special < 0 ? base : base.substring(0, special);
    }

    private static String firstPart(String where) {
        if (where == null) {
            return "cannot connect";
        }
        int colon = where.indexOf(": ");
        return colon < 0 ? where : where.substring(0, colon);
    }

    static int exitCode(Throwable failure) {
        if (failure instanceof StoreException) {
            return ExitCodes.STORE_UNUSABLE;
        }
        if (failure instanceof ConflictException) {
            return ExitCodes.CONFLICT;
        }
        if (failure instanceof NotFoundException) {
            return ExitCodes.NOT_FOUND;
        }
        if (failure instanceof IllegalArgumentException) {
            return ExitCodes.USAGE;
        }
        CouchHttpException http = find(failure, CouchHttpException.class);
        if (http != null && (http.status() == 401 || http.status() == 403 || http.status() == 404)) {
            return ExitCodes.SOURCE_REFUSED;
        }
        return ExitCodes.FAILED;
    }

    static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
