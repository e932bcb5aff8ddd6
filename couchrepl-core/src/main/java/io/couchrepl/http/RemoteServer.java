package io.couchrepl.http;

import io.couchrepl.json.Jackson;
import com.fasterxml.jackson.databind.JsonNode;
import io.couchrepl.mirror.DatabaseCatalog;
import io.couchrepl.mirror.DbUpdates;
import io.couchrepl.protocol.Seq;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A CouchDB server over HTTP: its databases ({@code _all_dbs}, {@code _db_updates}) and a
 * {@link RemoteDatabase} for each, all as the same user with the same options.
 *
 * <p>The server URL may carry credentials ({@code http://user:pass@host:5984}) and a path prefix
 * ({@code https://host/couch}); {@link #identity()} never shows the credentials.
 */
public final class RemoteServer implements DatabaseCatalog {

    private final String url;
    private final ClientOptions options;
    private final CouchClient client;

    private RemoteServer(String url, ClientOptions options) {
        this.url = url;
        this.options = options;
        this.client = new CouchClient(catalogUrl(url), options);
    }

    /**
     * The server at {@code url}, such as {@code http://admin:secret@127.0.0.1:5984}.
     *
     * @throws IllegalArgumentException for a URL that is not {@code http(s)://host[:port][/prefix]}
     */
    public static RemoteServer open(String url, ClientOptions options) {
        catalogUrl(url);
        return new RemoteServer(trim(url), options);
    }

    /**
     * Checks a server URL, and gives the address its own requests go to, with the URL's credentials
     * (what {@link ClientOptions} are resolved for).
     *
     * @throws IllegalArgumentException for a URL that is not {@code http(s)://host[:port][/prefix]},
     *                                  never repeating the password
     */
    public static CouchUrl catalogUrl(String url) {
        String trimmed = trim(url);
        if (trimmed.contains("?") || trimmed.contains("#")) {
            throw new IllegalArgumentException("not a server URL: " + CouchUrl.shown(url) + " (no query or fragment)");
        }
        try {
            // A client needs a database URL: any name below the server serves for the server's own paths.
            return CouchUrl.parse(trimmed + "/_all_dbs");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace(CouchUrl.shown(trimmed + "/_all_dbs"),
                    CouchUrl.shown(url.strip())).replace("not a database URL", "not a server URL"), e);
        }
    }

    private static String trim(String url) {
        String trimmed = url.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    public static RemoteServer open(String url) {
        return open(url, ClientOptions.defaults());
    }

    @Override
    public String identity() {
        return client.url().resolveServer("").toString();
    }

    /** The URL of a database on this server; with the server URL's credentials, if it has any. */
    public CouchUrl databaseUrl(String database) {
        return CouchUrl.parse(url + "/" + DocIdPath.encode(database));
    }

    /** A database on this server, with this server's options; the caller closes it. */
    public RemoteDatabase database(String database) {
        return RemoteDatabase.open(databaseUrl(database), options);
    }

    /** Checks that the server answers and the credentials are accepted ({@code GET /_session}). */
    public void checkReachable() throws IOException {
        JsonNode session = client.getFromServer("/_session", Jackson.mapper()::readTree);
        if (session == null || !session.has("userCtx")) {
            throw new MalformedResponseException("GET " + identity() + "/_session answered no userCtx: not CouchDB?");
        }
    }

    @Override
    public List<String> allDbs() throws IOException {
        JsonNode answer = client.getFromServer("/_all_dbs", Jackson.mapper()::readTree);
        if (answer == null || !answer.isArray()) {
            throw new MalformedResponseException("GET " + identity() + "/_all_dbs did not answer a JSON array");
        }
        List<String> names = new ArrayList<>(answer.size());
        answer.forEach(name -> names.add(name.asText()));
        return names;
    }

    @Override
    public Optional<DbUpdates> updates(Optional<Seq> since, Duration wait) throws IOException {
        String query = "/_db_updates?feed=longpoll&timeout=" + Math.max(1, wait.toMillis()) + "&since="
                + DocIdPath.encode(since.map(s -> ChangesCall.sinceParam(s)).orElse("now"));
        JsonNode answer;
        try {
            answer = client.getFromServer(query, Jackson.mapper()::readTree);
        } catch (IOException failure) {
            // A refusal arrives typed (RefusedException), the server's answer as its cause.
            CouchHttpException e = failure instanceof CouchHttpException refusal ? refusal
                    : failure.getCause() instanceof CouchHttpException cause ? cause : null;
            if (e == null) {
                throw failure;
            }
            // Not an admin (401 "You are not a server admin.", 403), or no _global_changes database (404).
            boolean wrongPassword = e.status() == 401 && e.reason() != null && e.reason().contains("password");
            if (!wrongPassword && (e.status() == 401 || e.status() == 403 || e.status() == 404 || e.status() == 400)) {
                return Optional.empty();
            }
            throw failure;
        }
        if (answer == null || !answer.isObject() || !answer.has("last_seq")) {
            throw new MalformedResponseException("GET " + identity() + "/_db_updates answered no last_seq");
        }
        List<DbUpdates.Update> updates = new ArrayList<>();
        for (JsonNode row : answer.path("results")) {
            if (row.path("db_name").isTextual()) {
                updates.add(new DbUpdates.Update(row.get("db_name").asText(), row.path("type").asText("updated")));
            }
        }
        return Optional.of(new DbUpdates(updates, Seq.ofJson(answer.get("last_seq").toString())));
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return identity();
    }
}
