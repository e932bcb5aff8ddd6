package io.couchrepl.http;

import io.couchrepl.http.FailureClassifier.Call;
import io.couchrepl.protocol.ChangesBatch;
import io.couchrepl.protocol.ChangesFilter;
import io.couchrepl.protocol.ChangesRequest;
import io.couchrepl.protocol.Seq;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** {@code GET _changes} (or {@code POST} with a filter's body): one page of the feed. */
final class ChangesCall {

    private final CouchClient client;
    private final ServerWelcome server;

    ChangesCall(CouchClient client, ServerWelcome server) {
        this.client = client;
        this.server = server;
    }

    ChangesBatch changes(ChangesRequest request) throws IOException {
        // PouchDB Server ignores a selector in the body and crashes on the request; it reads the query.
        boolean selectorInQuery = request.filter().orElse(null) instanceof ChangesFilter.Selector
                && server.isPouchDbServer();
        Query query = Query.of(request, selectorInQuery);
        // A waiting feed sends a heartbeat every interval: three missed ones mean the feed is dead. A
        // stalled feed is asked again (a retry) from the same since: the last checkpoint.
        Duration idle = client.options().idleTimeout();
        if (request.feed() == ChangesRequest.Feed.LONGPOLL && idle.compareTo(request.heartbeat().multipliedBy(3)) < 0) {
            idle = request.heartbeat().multipliedBy(3);
        }
        return client.call(Call.CHANGES, query.body() == null ? "GET" : "POST", query.pathAndQuery(), query.body(), idle,
                ChangesParser::parse);
    }

    /** The request for one page: the whole query string and the filter's body (null for a GET), made here only. */
    record Query(String pathAndQuery, byte[] body) {

        static Query of(ChangesRequest request, boolean selectorInQuery) throws IOException {
            StringBuilder query = new StringBuilder("/_changes?style=")
                    .append(request.winningRevsOnly() ? "main_only" : "all_docs");
            query.append("&since=").append(DocIdPath.encode(sinceParam(request.since())));
            query.append("&limit=").append(request.limit());
            // As CouchDB's and PouchDB's replicators ask: the server computes a row's sequence (costly on a
            // cluster) only once a page; the page is checkpointed by its last_seq, which always comes.
            query.append("&seq_interval=").append(request.limit());
            if (request.feed() == ChangesRequest.Feed.LONGPOLL) {
                query.append("&feed=longpoll&heartbeat=").append(request.heartbeat().toMillis());
            }
            byte[] body = request.filter().isPresent() ? filter(request.filter().get(), selectorInQuery, query) : null;
            for (Map.Entry<String, String> param : request.params().entrySet()) {
                appendParam(query, param.getKey(), param.getValue());
            }
            return new Query(query.toString(), body);
        }

        /** Adds a filter to the query; returns the POST body it needs, or null for a GET. */
        private static byte[] filter(ChangesFilter filter, boolean selectorInQuery, StringBuilder query)
                throws IOException {
            if (filter instanceof ChangesFilter.DocIds docIds) {
                appendParam(query, "filter", "_doc_ids");
                return Json.MAPPER.writeValueAsBytes(Map.of("doc_ids", docIds.ids()));
            }
            if (filter instanceof ChangesFilter.Selector selector) {
                appendParam(query, "filter", "_selector");
                if (selectorInQuery) {
                    appendParam(query, "selector", selector.json());
                    return null;
                }
                return ("{\"selector\":" + selector.json() + "}").getBytes(StandardCharsets.UTF_8);
            }
            ChangesFilter.Named named = (ChangesFilter.Named) filter;
            appendParam(query, "filter", named.name());
            named.queryParams().forEach((k, v) -> appendParam(query, k, v));
            return null;
        }

        private static void appendParam(StringBuilder query, String name, String value) {
            query.append('&').append(DocIdPath.encode(name)).append('=').append(DocIdPath.encode(value));
        }
    }

    /**
     * CouchDB reads {@code since} as the raw string of a string sequence and as JSON otherwise; the
     * value itself is passed on untouched.
     */
    static String sinceParam(Seq seq) {
        String json = seq.json();
        if (json.length() >= 2 && json.charAt(0) == '"' && json.indexOf('\\') < 0) {
            return json.substring(1, json.length() - 1);
        }
        if (json.startsWith("\"")) {
            try {
                return Json.MAPPER.readValue(json, String.class);
            } catch (IOException e) {
                throw new IllegalArgumentException("sequence is not valid JSON: " + json);
            }
        }
        return json;
    }
}
