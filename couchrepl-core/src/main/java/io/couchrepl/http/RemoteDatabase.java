package io.couchrepl.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.couchrepl.protocol.Attachment;
import io.couchrepl.protocol.ChangesBatch;
import io.couchrepl.protocol.ChangesFilter;
import io.couchrepl.protocol.DocIds;
import io.couchrepl.protocol.ChangesRequest;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.FetchResult;
import io.couchrepl.protocol.Rev;
import io.couchrepl.protocol.RevRequest;
import io.couchrepl.protocol.Seq;
import io.couchrepl.checkpoint.ReplicationLogJson;
import io.couchrepl.protocol.MissingRevs;
import io.couchrepl.spi.Checkpoint;
import io.couchrepl.spi.LocalDocuments;
import io.couchrepl.spi.Target;
import io.couchrepl.spi.WriteResult;
import io.couchrepl.spi.Source;
import io.couchrepl.spi.WriteRefusedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CouchDB (or PouchDB Server) database over HTTP, as a replication source and target.
 *
 * <p>Revisions are fetched with their attachments by
 * {@code POST _bulk_get?revs=true&latest=true&attachments=true}; a server without {@code _bulk_get}
 * is asked per document with {@code GET doc?open_revs=[..]&revs=true&latest=true&attachments=true}
 * from then on. Attachment bodies are spooled to temporary files until written; {@link #close()}
 * deletes what is left. Revisions with attachment bodies are written as CouchDB's replicator writes
 * them, one multipart {@code PUT ?new_edits=false} each; the others by {@code _bulk_docs}.
 */
public final class RemoteDatabase implements Source, Target, LocalDocuments {

    private static final Logger log = LoggerFactory.getLogger(RemoteDatabase.class);

    /** Longest URL sent for {@code open_revs}; CouchDB's replicator uses the same. */
    static final int MAX_URL_LENGTH = 7000;

    private static final FetchResult NOTHING = new FetchResult(List.of(), List.of());

    /** CouchDB sends attachment bodies as binary parts only when asked for this; PouchDB Server ignores it. */
    private static final String MULTIPART_MIXED = "multipart/mixed";

    private final CouchClient client;
    private final ConcurrentParts parts = new ConcurrentParts();
    private final AttachmentSpool spool = new AttachmentSpool();
    private volatile boolean bulkGetUnsupported;
    private volatile Boolean pouchDbServer;
    private final Map<String, String> localRevs = new java.util.concurrent.ConcurrentHashMap<>();

    private RemoteDatabase(CouchUrl url, ClientOptions options) {
        this.client = new CouchClient(url, options);
    }

    /** A database at a URL such as {@code http://user:pass@127.0.0.1:5984/db}, with the default options. */
    public static RemoteDatabase open(String url) {
        return open(CouchUrl.parse(url), ClientOptions.defaults());
    }

    public static RemoteDatabase open(CouchUrl url) {
        return open(url, ClientOptions.defaults());
    }

    /**
     * A database with its own retries, timeouts, credentials and trust.
     *
     * @throws IllegalArgumentException when the options ask for cookie authentication without credentials
     */
    public static RemoteDatabase open(CouchUrl url, ClientOptions options) {
        return new RemoteDatabase(url, options);
    }

    public CouchUrl url() {
        return client.url();
    }

    @Override
    public String identity() {
        return client.url().withoutCredentials();
    }

    /** Checks that the database exists and the credentials may read it; the refusal says why not. */
    public void checkReachable() throws IOException {
        client.get("/", RemoteDatabase::discard);
    }

    private static long discard(InputStream in) throws IOException {
        return in.transferTo(OutputStream.nullOutputStream());
    }

    @Override
    public ChangesBatch changes(ChangesRequest request) throws IOException {
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
        byte[] body = null;
        if (request.filter().isPresent()) {
            body = filter(request.filter().get(), query);
        }
        for (Map.Entry<String, String> param : request.params().entrySet()) {
            appendParam(query, param.getKey(), param.getValue());
        }
        // A waiting feed sends a heartbeat every interval: three missed ones mean the feed is dead. A
        // stalled feed is asked again (a retry) from the same since: the last checkpoint.
        Duration idle = client.options().idleTimeout();
        if (request.feed() == ChangesRequest.Feed.LONGPOLL) {
            idle = max(idle, request.heartbeat().multipliedBy(3));
        }
        return client.call(body == null ? "GET" : "POST", query.toString(), body, idle, ChangesParser::parse);
    }

    /** Adds a filter to the query; returns the POST body it needs, or null for a GET. */
    private byte[] filter(ChangesFilter filter, StringBuilder query) throws IOException {
        if (filter instanceof ChangesFilter.DocIds docIds) {
            appendParam(query, "filter", "_doc_ids");
            return Json.MAPPER.writeValueAsBytes(Map.of("doc_ids", docIds.ids()));
        }
        if (filter instanceof ChangesFilter.Selector selector) {
            appendParam(query, "filter", "_selector");
            if (isPouchDbServer()) {
                // PouchDB Server ignores a selector in the body and crashes on the request; it reads the query.
                appendParam(query, "selector", selector.json());
                return null;
            }
            return ("{\"selector\":" + selector.json() + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        ChangesFilter.Named named = (ChangesFilter.Named) filter;
        appendParam(query, "filter", named.name());
        named.queryParams().forEach((k, v) -> appendParam(query, k, v));
        return null;
    }

    private static void appendParam(StringBuilder query, String name, String value) {
        query.append('&').append(DocIdPath.encode(name)).append('=').append(DocIdPath.encode(value));
    }

    /** Whether the server is PouchDB Server, whose welcome has no {@code "couchdb"} key; asked once. */
    private boolean isPouchDbServer() throws IOException {
        if (pouchDbServer == null) {
            com.fasterxml.jackson.databind.JsonNode welcome = client.getFromServer("/", Json.MAPPER::readTree);
            pouchDbServer = welcome != null && !welcome.has("couchdb") && welcome.has("express-pouchdb");
        }
        return pouchDbServer;
    }

    @Override
    public Optional<String> getLocal(String id) throws IOException {
        try {
            String json = client.get("/" + DocIdPath.of(requireLocal(id)),
                    in -> new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            com.fasterxml.jackson.databind.JsonNode doc = Json.MAPPER.readTree(json);
            if (doc != null && doc.path("_rev").isTextual()) {
                localRevs.put(id, doc.get("_rev").asText());
            }
            return Optional.of(json);
        } catch (CouchHttpException e) {
            if (e.status() == 404) {
                localRevs.remove(id);
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Writes a {@code _local} document. CouchDB takes any {@code _rev} for them, PouchDB wants the
     * current one: the last one seen is sent, and a conflict is answered by reading it once.
     */
    @Override
    public void putLocal(String id, String json) throws IOException {
        requireLocal(id);
        try {
            put(id, json);
        } catch (CouchHttpException e) {
            if (e.status() != 409) {
                throw refusalOrSelf(e);
            }
            getLocal(id);
            try {
                put(id, json);
            } catch (CouchHttpException again) {
                throw refusalOrSelf(again);
            }
        }
    }

    private void put(String id, String json) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode doc =
                (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(json);
        doc.put("_id", id);
        String rev = localRevs.get(id);
        if (rev == null) {
            doc.remove("_rev");
        } else {
            doc.put("_rev", rev);
        }
        com.fasterxml.jackson.databind.JsonNode answer =
                client.put("/" + DocIdPath.of(id), Json.MAPPER.writeValueAsBytes(doc), Json.MAPPER::readTree);
        if (answer != null && answer.path("rev").isTextual()) {
            localRevs.put(id, answer.get("rev").asText());
        }
    }

    private static IOException refusalOrSelf(CouchHttpException e) {
        if (e.status() == 401 || e.status() == 403) {
            return new WriteRefusedException(e.getMessage(), e);
        }
        return e;
    }

    private static String requireLocal(String id) {
        if (!DocIds.isLocal(id)) {
            throw new IllegalArgumentException("not a _local document id: " + id);
        }
        return id;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
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

    /**
     * Fetches the revisions with their attachments: CouchDB sends the bodies as binary parts
     * ({@code Accept: multipart/mixed}), PouchDB Server inlines them as base64; both stream into the
     * spool. Each request's {@code attsSince} becomes {@code atts_since}, so attachments the target
     * holds with those revisions come as stubs. The caller releases the bodies once written.
     */
    @Override
    public FetchResult fetch(List<RevRequest> requests) throws IOException {
        if (requests.isEmpty()) {
            return NOTHING;
        }
        if (!bulkGetUnsupported) {
            try {
                // A page goes out as a few requests at once; each is halved on its own if refused as too large.
                return parts.send(wanted(requests),
                        some -> BatchSplitter.send(some, this::bulkGet, RemoteDatabase::merge, BatchSplitter.rethrow()),
                        RemoteDatabase::merge, result -> result.revisions().forEach(DocRevision::releaseBodies));
            } catch (CouchHttpException e) {
                if (!lacksBulkGet(e)) {
                    throw e;
                }
                log.info("{} has no _bulk_get ({} {}); fetching documents one by one", identity(), e.status(), e.error());
                bulkGetUnsupported = true;
            }
        }
        FetchResult result = NOTHING;
        for (RevRequest request : requests) {
            result = merge(result, openRevs(request));
        }
        return result;
    }

    /** One revision of one document, as {@code _bulk_get} lists them, so a batch halves at any revision. */
    private record Wanted(String id, Rev rev, List<Rev> attsSince) {}

    private static List<Wanted> wanted(List<RevRequest> requests) {
        List<Wanted> wanted = new ArrayList<>();
        for (RevRequest request : requests) {
            for (Rev rev : request.revs()) {
                wanted.add(new Wanted(request.id(), rev, request.attsSince()));
            }
        }
        return wanted;
    }

    /**
     * One part of a page, first as JSON with attachments as stubs: a multipart answer costs CouchDB
     * about a fifth more CPU, documents without attachments included. The documents that turn out to
     * have attachments are asked again with their bodies, as CouchDB's own replicator does.
     */
    private FetchResult bulkGet(List<Wanted> wanted) throws IOException {
        FetchResult plain = bulkGet(wanted, "/_bulk_get?revs=true&latest=true", "application/json");
        Set<String> withAttachments = new HashSet<>();
        for (DocRevision revision : plain.revisions()) {
            if (!revision.attachments().isEmpty()) {
                withAttachments.add(revision.id());
            }
        }
        if (withAttachments.isEmpty()) {
            return plain;
        }
        FetchResult bodies = bulkGet(wanted.stream().filter(w -> withAttachments.contains(w.id())).toList(),
                "/_bulk_get?revs=true&latest=true&attachments=true", MULTIPART_MIXED);
        // Those documents' first answers (stubs, unless a server inlined bodies anyway) give way to the second.
        plain.revisions().stream().filter(r -> withAttachments.contains(r.id())).forEach(DocRevision::releaseBodies);
        FetchResult rest = new FetchResult(
                plain.revisions().stream().filter(r -> !withAttachments.contains(r.id())).toList(),
                plain.notFound().stream().filter(n -> !withAttachments.contains(n.id())).toList());
        return merge(rest, bodies);
    }

    private FetchResult bulkGet(List<Wanted> wanted, String path, String accept) throws IOException {
        return client.call("POST", path, CouchClient.Upload.json(bulkGetBody(wanted)), accept,
                (type, in) -> revisions(in, type, "_bulk_get of " + identity(), idsByRev(wanted),
                        (found, notFound) -> RevisionsParser.parseBulkGet(in, spool, found, notFound)));
    }

    /** How a JSON answer is read into the lists. */
    @FunctionalInterface
    private interface JsonRevisions {
        void parse(List<DocRevision> found, List<FetchResult.NotFound> notFound) throws IOException;
    }

    /**
     * One answer's revisions, multipart or JSON. Read again from its start when a retry follows, so
     * the bodies an attempt spooled are released when it fails.
     */
    private FetchResult revisions(InputStream in, ContentType type, String what, Function<Rev, String> idOf,
            JsonRevisions json) throws IOException {
        List<DocRevision> found = new ArrayList<>();
        List<FetchResult.NotFound> notFound = new ArrayList<>();
        try {
            if (type.isMultipart()) {
                MultipartRevisions.parse(in, type, what, idOf, spool, found, notFound);
            } else {
                json.parse(found, notFound);
            }
        } catch (IOException | RuntimeException e) {
            found.forEach(DocRevision::releaseBodies);
            throw e;
        }
        return new FetchResult(found, notFound);
    }

    /**
     * The document of each requested revision: the error parts of a multipart {@code _bulk_get}
     * name only the revision. Asked again, a revision names the next document that requested it.
     */
    private static Function<Rev, String> idsByRev(List<Wanted> wanted) {
        Map<Rev, Deque<String>> ids = new HashMap<>();
        for (Wanted w : wanted) {
            ids.computeIfAbsent(w.rev(), r -> new ArrayDeque<>()).add(w.id());
        }
        return rev -> {
            Deque<String> candidates = rev == null ? null : ids.get(rev);
            return candidates == null || candidates.isEmpty() ? null : candidates.poll();
        };
    }

    /**
     * {@code GET doc?open_revs=[..]} in as many requests as keep each URL under
     * {@link #MAX_URL_LENGTH}, each halved again if the server still finds its URL too long (414).
     */
    private FetchResult openRevs(RevRequest request) throws IOException {
        String path = "/" + DocIdPath.of(request.id()) + "?revs=true&latest=true&attachments=true"
                + (request.attsSince().isEmpty() ? "" : "&atts_since=" + DocIdPath.encode(revList(request.attsSince())))
                + "&open_revs=";
        int budget = MAX_URL_LENGTH - client.url().resolve(path).toString().length();
        FetchResult result = NOTHING;
        for (List<Rev> revs : fittingUrl(request.revs(), budget)) {
            result = merge(result, BatchSplitter.send(revs, some -> openRevs(path, request.id(), some),
                    RemoteDatabase::merge, BatchSplitter.rethrow()));
        }
        return result;
    }

    private FetchResult openRevs(String path, String id, List<Rev> revs) throws IOException {
        try {
            return client.call("GET", path + DocIdPath.encode(revList(revs)), null, MULTIPART_MIXED,
                    (type, in) -> revisions(in, type, "open_revs of " + id + " in " + identity(), rev -> id,
                            (found, notFound) -> RevisionsParser.parseOpenRevs(in, id, spool, found, notFound)));
        } catch (CouchHttpException e) {
            if (e.status() != 404) {
                throw e;
            }
            List<FetchResult.NotFound> notFound = new ArrayList<>();
            for (Rev rev : revs) {
                notFound.add(new FetchResult.NotFound(id, rev, e.error() + ": " + e.reason()));
            }
            return new FetchResult(List.of(), notFound);
        }
    }

    /**
     * Revisions in runs whose encoded {@code open_revs} list fits {@code budget} characters (at least
     * one revision a run). CouchDB's replicator keeps its URLs under 7000 characters too: CouchDB 3
     * answers a request line over 8 KiB with an empty 400, not 414.
     */
    static List<List<Rev>> fittingUrl(List<Rev> revs, int budget) {
        List<List<Rev>> runs = new ArrayList<>();
        List<Rev> run = new ArrayList<>();
        int length = DocIdPath.encode("[]").length();
        for (Rev rev : revs) {
            int more = DocIdPath.encode(",\"" + rev + "\"").length();
            if (!run.isEmpty() && length + more > budget) {
                runs.add(run);
                run = new ArrayList<>();
                length = DocIdPath.encode("[]").length();
            }
            run.add(rev);
            length += more;
        }
        runs.add(run);
        return runs;
    }

    private static FetchResult merge(FetchResult a, FetchResult b) {
        if (a.revisions().isEmpty() && a.notFound().isEmpty()) {
            return b;
        }
        List<DocRevision> found = new ArrayList<>(a.revisions());
        found.addAll(b.revisions());
        List<FetchResult.NotFound> notFound = new ArrayList<>(a.notFound());
        notFound.addAll(b.notFound());
        return new FetchResult(found, notFound);
    }

    /** Servers before CouchDB 2.3 take {@code _bulk_get} for a document id or an unknown method. */
    private static boolean lacksBulkGet(CouchHttpException e) {
        return e.status() == 405 || e.status() == 501
                || (e.status() == 404 && !"Database does not exist.".equals(e.reason()) && !"no_db_file".equals(e.reason()))
                || (e.status() == 400 && "bad_request".equals(e.error()) && e.reason() != null && e.reason().contains("_bulk_get"));
    }

    private static byte[] bulkGetBody(List<Wanted> wanted) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(wanted.size() * 96);
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("docs");
            for (Wanted w : wanted) {
                g.writeStartObject();
                g.writeStringField("id", w.id());
                g.writeStringField("rev", w.rev().toString());
                if (!w.attsSince().isEmpty()) {
                    g.writeArrayFieldStart("atts_since");
                    for (Rev since : w.attsSince()) {
                        g.writeString(since.toString());
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static String revList(List<Rev> revs) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartArray();
            for (Rev rev : revs) {
                g.writeString(rev.toString());
            }
            g.writeEndArray();
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    // ---- the database as a replication target ----

    /** Creates the database; one that exists already is fine. */
    public void create() throws IOException {
        try {
            client.put("", null, RemoteDatabase::discard);
        } catch (CouchHttpException e) {
            if (e.status() != 412) {
                throw e;
            }
        }
    }

    @Override
    public Map<String, MissingRevs> revsDiff(Map<String, List<Rev>> revs) throws IOException {
        Map<String, List<String>> asked = new java.util.LinkedHashMap<>();
        revs.forEach((id, list) -> asked.put(id, list.stream().map(Rev::toString).toList()));
        Map<String, MissingRevs> missing = new java.util.LinkedHashMap<>();
        if (asked.isEmpty()) {
            return missing;
        }
        com.fasterxml.jackson.databind.JsonNode answer =
                client.post("/_revs_diff", Json.MAPPER.writeValueAsBytes(asked), Json.MAPPER::readTree);
        if (answer == null || !answer.isObject()) {
            throw new MalformedResponseException("_revs_diff did not answer a JSON object");
        }
        var fields = answer.fields();
        while (fields.hasNext()) {
            var entry = fields.next();
            missing.put(entry.getKey(), new MissingRevs(entry.getKey(), revs(entry.getValue().path("missing")),
                    revs(entry.getValue().path("possible_ancestors"))));
        }
        return missing;
    }

    private static List<Rev> revs(com.fasterxml.jackson.databind.JsonNode list) throws MalformedResponseException {
        List<Rev> revs = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode rev : list) {
            try {
                revs.add(Rev.parse(rev.asText()));
            } catch (IllegalArgumentException e) {
                throw new MalformedResponseException("_revs_diff answered a bad revision: " + rev);
            }
        }
        return revs;
    }

    /**
     * Writes the revisions with {@code _bulk_docs} and {@code new_edits:false}. A revision the
     * server refuses (validation, rights) is a failure in the result, the others are written; a
     * batch the server finds too large is split in halves until the one revision that is too large
     * is alone, and that one is a failure.
     */
    @Override
    public WriteResult writeDocs(List<DocRevision> docs) throws IOException {
        List<DocRevision> withoutBodies = new ArrayList<>(docs.size());
        List<WriteResult.Failure> failures = new ArrayList<>();
        for (DocRevision doc : docs) {
            if (doc.attachments().stream().allMatch(Attachment::isStub)) {
                withoutBodies.add(doc);
            } else {
                writeWithAttachments(doc, failures);
            }
        }
        if (!withoutBodies.isEmpty()) {
            failures.addAll(BatchSplitter.send(withoutBodies, this::bulkDocs, RemoteDatabase::merge,
                    (doc, refusal) -> new WriteResult(List.of(failure(doc, refusal)))).failures());
        }
        return new WriteResult(failures);
    }

    private static WriteResult.Failure failure(DocRevision doc, CouchHttpException refusal) {
        return new WriteResult.Failure(doc.id(), doc.rev(), refusal.error(), refusal.reason());
    }

    /**
     * Writes one revision with its attachment bodies, as CouchDB's replicator does: a multipart
     * {@code PUT ?new_edits=false}, safe to repeat. A refusal of the document (validation, rights, a
     * stub the server lacks, too large) is a failure in the result.
     */
    private void writeWithAttachments(DocRevision doc, List<WriteResult.Failure> failures) throws IOException {
        CouchClient.Upload upload = MultipartDocument.of(doc, isPouchDbServer());
        try {
            client.call("PUT", "/" + DocIdPath.of(doc.id()) + "?new_edits=false", upload, "application/json",
                    (type, in) -> discard(in));
        } catch (CouchHttpException e) {
            if (!List.of(400, 401, 403, 412, 413, 415).contains(e.status())) {
                throw e;
            }
            failures.add(failure(doc, e));
        }
    }

    private WriteResult bulkDocs(List<DocRevision> docs) throws IOException {
        StringBuilder body = new StringBuilder(docs.size() * 256).append("{\"new_edits\":false,\"docs\":[");
        for (int i = 0; i < docs.size(); i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append(docs.get(i).toCouchJson());
        }
        body.append("]}");
        // new_edits:false makes a repeated _bulk_docs write nothing new: safe to retry.
        com.fasterxml.jackson.databind.JsonNode answer = client.post("/_bulk_docs",
                body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), Json.MAPPER::readTree);
        List<WriteResult.Failure> failures = new ArrayList<>();
        if (answer != null && answer.isArray()) {
            for (com.fasterxml.jackson.databind.JsonNode result : answer) {
                if (result.has("error")) {
                    String id = result.path("id").asText();
                    Rev rev = revOf(docs, id, result.path("rev").asText(null));
                    failures.add(new WriteResult.Failure(id, rev, result.path("error").asText(),
                            result.path("reason").asText("")));
                }
            }
        }
        return new WriteResult(failures);
    }

    private static WriteResult merge(WriteResult a, WriteResult b) {
        List<WriteResult.Failure> failures = new ArrayList<>(a.failures());
        failures.addAll(b.failures());
        return new WriteResult(failures);
    }

    private static Rev revOf(List<DocRevision> docs, String id, String rev) {
        if (rev != null) {
            try {
                return Rev.parse(rev);
            } catch (IllegalArgumentException e) {
                // fall through to the batch's own revision of that document
            }
        }
        return docs.stream().filter(d -> d.id().equals(id)).map(DocRevision::rev).findFirst().orElse(null);
    }

    @Override
    public Optional<Checkpoint> readCheckpoint(String replicationId) throws IOException {
        Optional<String> json = getLocal(Checkpoint.localId(replicationId));
        return json.isEmpty() ? Optional.empty() : Optional.of(ReplicationLogJson.parse(replicationId, json.get()));
    }

    @Override
    public void writeCheckpoint(Checkpoint checkpoint) throws IOException {
        putLocal(checkpoint.localId(), ReplicationLogJson.toJson(checkpoint));
    }

    @Override
    public void close() {
        parts.close();
        client.close();
        spool.close();
    }

    @Override
    public String toString() {
        return identity();
    }
}
