package io.couchrepl.kafka;

import io.couchrepl.RetryPolicy;
import io.couchrepl.http.ClientOptions;
import io.couchrepl.http.CouchHttpException;
import io.couchrepl.http.CouchUrl;
import io.couchrepl.http.Credentials;
import io.couchrepl.http.RemoteServer;
import java.io.IOException;
import java.util.Optional;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * The server both connectors talk to, and as whom: {@code couchdb.url}, {@code couchdb.user},
 * {@code couchdb.password}. The URL and the password are Connect {@code PASSWORD}s, so Connect shows
 * them as {@code [hidden]} in its logs and validation answers; this class never puts them in a
 * message (URLs go out through {@link CouchUrl}, which drops credentials).
 */
record CouchDbConnection(String url, String user, Password password) {

    static final String URL = "couchdb.url";
    static final String USER = "couchdb.user";
    static final String PASSWORD = "couchdb.password";
    static final String GROUP = "CouchDB";

    /** Adds the three keys to a connector's {@link ConfigDef}. */
    static ConfigDef define(ConfigDef def) {
        return def
                .define(URL, ConfigDef.Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.Importance.HIGH,
                        "The CouchDB server, such as http://127.0.0.1:5984 or https://user:password@host:6984 (a"
                                + " path prefix is kept). A PASSWORD type because it may carry credentials: Connect"
                                + " shows it as [hidden]. Better: give the password with couchdb.password through a"
                                + " config provider (${env:COUCHDB_PASSWORD}), since Connect returns a connector's"
                                + " config as it was given.",
                        GROUP, 1, ConfigDef.Width.LONG, "CouchDB URL")
                .define(USER, ConfigDef.Type.STRING, null, ConfigDef.Importance.MEDIUM,
                        "User at the server, used instead of one in couchdb.url.",
                        GROUP, 2, ConfigDef.Width.MEDIUM, "User")
                .define(PASSWORD, ConfigDef.Type.PASSWORD, null, ConfigDef.Importance.MEDIUM,
                        "Password of couchdb.user (or of the user in couchdb.url); never logged, never in records"
                                + " or offsets.",
                        GROUP, 3, ConfigDef.Width.MEDIUM, "Password");
    }

    static CouchDbConnection of(Map<String, ?> parsed) {
        Password url = (Password) parsed.get(URL);
        return new CouchDbConnection(url == null ? null : url.value(), (String) parsed.get(USER),
                (Password) parsed.get(PASSWORD));
    }

    /** The URL checked; the message of a bad one never repeats a password. */
    CouchUrl catalogUrl() {
        return RemoteServer.catalogUrl(url);
    }

    /** How to talk to the server: the configured user and password over any in the URL. */
    ClientOptions clientOptions(RetryPolicy retry, Duration connectTimeout) {
        ClientOptions.Builder options = ClientOptions.builder().retry(retry).connectTimeout(connectTimeout);
        CouchUrl parsed = catalogUrl();
        String name = user != null && !user.isBlank() ? user : parsed.username().orElse(null);
        if (password != null && password.value() != null) {
            if (name == null) {
                throw new IllegalArgumentException(PASSWORD + " is set but no user is: give " + USER
                        + " or a user in " + URL);
            }
            options.credentials(Credentials.of(name, password.value()));
        } else if (user != null && !user.isBlank()) {
            throw new IllegalArgumentException(USER + " is set without " + PASSWORD);
        }
        return options.build();
    }

    /** The server, retrying as a running task does. */
    RemoteServer open() {
        return RemoteServer.open(url, clientOptions(RetryPolicy.defaults(), ClientOptions.DEFAULT_CONNECT_TIMEOUT));
    }

    /** The server, for one quick check: no retries, a short connect timeout. */
    RemoteServer openForCheck() {
        return RemoteServer.open(url, clientOptions(RetryPolicy.none(), Duration.ofSeconds(5)));
    }

    /** The server without credentials, for messages, partitions and logs. */
    String identity() {
        return catalogUrl().resolveServer("").toString();
    }

    /**
     * Why the server cannot be used, in one line for the key it is about, or null when it can:
     * reachable, the credentials accepted. A wrong password is asked once, never again in a loop
     * (CouchDB locks an account after a few).
     */
    String problem() {
        try (RemoteServer server = openForCheck()) {
            server.checkReachable();
            return null;
        } catch (IOException failure) {
            Optional<CouchHttpException> answer = Refusals.answerOf(failure);
            if (answer.isEmpty()) {
                return "cannot reach the server " + identity() + ": " + CouchUrl.redact(failure.getMessage());
            }
            CouchHttpException e = answer.get();
            if (e.status() == 401) {
                return "the server " + identity() + " refused the credentials (401 " + e.error() + ": " + e.reason() + ")";
            }
            if (e.isAccountLocked()) {
                return "the server " + identity() + " has locked the account after repeated wrong passwords (" + e.reason()
                        + "); wait a few minutes";
            }
            return "the server " + identity() + " answered " + e.status() + " " + e.error() + ": " + e.reason();
        } catch (IllegalArgumentException e) {
            return CouchUrl.redact(e.getMessage());
        }
    }
}
