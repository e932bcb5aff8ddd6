package io.couchrepl.cli;

import io.couchrepl.http.CouchHttpException;
import io.couchrepl.http.CouchUrl;
import io.couchrepl.http.TlsRefusedException;
import io.couchrepl.http.TokenRefusedException;
import io.couchrepl.http.UntrustedServerException;
import io.couchrepl.spi.ConflictException;
import io.couchrepl.spi.NoSuchDatabaseException;
import io.couchrepl.spi.NotFoundException;
import io.couchrepl.spi.RefusedException;
import io.couchrepl.spi.UnavailableException;
import io.couchrepl.store.StoreException;

/** Turns what went wrong into the one line a user reads, and an exit code. Never repeats a password. */
final class Failures {

    /** Not written as a URL with a password: the redaction of every message would hide it. */
    private static final String PROXY_ADVICE = "; give the proxy's user and password in its URL, as user:password@"
            + " before its host";

    private Failures() {}

    static String describe(Throwable failure) {
        if (failure instanceof UnusableStoreException e) {
            return CouchUrl.redact(e.getMessage());
        }
        StoreException store = find(failure, StoreException.class);
        if (store != null) {
            return CouchUrl.redact("store " + firstLine(String.valueOf(store.getMessage())) + advice(store.kind()));
        }
        CouchHttpException http = find(failure, CouchHttpException.class);
        if (http != null && http.isAccountLocked()) {
            return CouchUrl.redact(dbOf(http.url()) + " has locked the account for a while after repeated wrong"
                    + " passwords (" + http.status() + " " + http.error() + ": " + http.reason() + "); wait a few"
                    + " minutes, check the password, and run again");
        }
        UnavailableException unavailable = find(failure, UnavailableException.class);
        if (unavailable != null) {
            return CouchUrl.redact(firstLine(unavailable.getMessage()));
        }
        TlsRefusedException tls = find(failure, TlsRefusedException.class);
        if (tls != null) {
            return CouchUrl.redact(firstLine(tls.getMessage())
                    + "; give one with --client-cert FILE (and --client-key FILE)");
        }
        TokenRefusedException token = find(failure, TokenRefusedException.class);
        if (token != null) {
            return CouchUrl.redact(dbOf(token.url()) + " refused the bearer token (" + token.status() + " "
                    + token.error() + (token.reason().isEmpty() ? "" : ": " + token.reason())
                    + "); check the token of --bearer-token-file or --bearer-token-env, its signature and expiry");
        }
        UntrustedServerException untrusted = find(failure, UntrustedServerException.class);
        if (untrusted != null) {
            return CouchUrl.redact(firstLine(untrusted.getMessage())
                    + "; give the certificate of its authority with --cacert FILE");
        }
        if (http != null) {
            return CouchUrl.redact(describe(http, find(failure, NoSuchDatabaseException.class) != null));
        }
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            message = failure.getClass().getSimpleName();
        }
        return CouchUrl.redact(firstLine(message));
    }

    /** What to do about a failure of the store itself, by its kind. */
    private static String advice(StoreException.Kind kind) {
        return switch (kind) {
            case DAMAGED -> "; the store file is damaged: move it aside and pull into a new store";
            case FULL -> "; the disk is full: free space and run again";
            case BUSY -> "; another process holds the store: stop the other couchrepl writing it";
            case UNUSABLE -> "";
        };
    }

    private static String firstLine(String message) {
        return message.lines().findFirst().orElse(message);
    }

    private static String describe(CouchHttpException e, boolean noSuchDatabase) {
        String refusal = "(" + e.status() + " " + e.error() + (e.reason() == null || e.reason().isEmpty() ? "" : ": " + e.reason()) + ")";
        String db = dbOf(e.url());
        if (e.method().equals("CONNECT")) {
            return "the proxy " + e.url().replace(" to ", " refused a tunnel to ") + " " + refusal
                    + (e.status() == 407 ? PROXY_ADVICE : "");
        }
        return switch (e.status()) {
            case 407 -> "the proxy refused " + e.method() + " " + e.url() + " " + refusal
                    + PROXY_ADVICE;
            case 401 -> db + " refused the credentials " + refusal
                    + "; give a user that may read it (in the URL, with --password-file or --password-env)";
            case 403 -> db + " forbids this user " + refusal;
            case 404 -> noSuchDatabase
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

    static int exitCode(Throwable failure) {
        // The store's own failures (damaged, full, busy, unusable) are the store's, wherever they surface.
        if (failure instanceof UnusableStoreException || find(failure, StoreException.class) != null) {
            return ExitCodes.STORE_UNUSABLE;
        }
        if (failure instanceof ConflictException) {
            return ExitCodes.CONFLICT;
        }
        if (failure instanceof NotFoundException || failure instanceof NotInStoreException) {
            return ExitCodes.NOT_FOUND;
        }
        if (failure instanceof IllegalArgumentException) {
            return ExitCodes.USAGE;
        }
        // The HTTP edge types a refusal of the credentials, the rights or the database: no status is read here.
        if (find(failure, RefusedException.class) != null) {
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
}
