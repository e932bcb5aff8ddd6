package io.couchrepl.http;

import io.couchrepl.checkpoint.ReplicationLogJson;
import io.couchrepl.http.FailureClassifier.Call;
import io.couchrepl.protocol.ChangesBatch;
import io.couchrepl.protocol.ChangesRequest;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.FetchResult;
import io.couchrepl.protocol.MissingRevs;
import io.couchrepl.protocol.Rev;
import io.couchrepl.protocol.RevRequest;
import io.couchrepl.spi.Checkpoint;
import io.couchrepl.spi.LocalDocuments;
import io.couchrepl.spi.Source;
import io.couchrepl.spi.Target;
import io.couchrepl.spi.WriteResult;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A CouchDB (or PouchDB Server) database over HTTP, as a replication source and target: one
 * class per protocol call, in the order a replication makes them.
 *
 * <ol>
 *   <li>{@link ChangesCall}: {@code _changes}, one page of the feed;</li>
 *   <li>{@link RevsDiffCall}: {@code _revs_diff}, what the target lacks;</li>
 *   <li>{@link BulkGetCall}: {@code _bulk_get}, or {@link OpenRevsCall} per document on a server without it;</li>
 *   <li>{@link BulkDocsCall}: {@code _bulk_docs}, and a multipart {@code PUT} for a revision with attachment bodies;</li>
 *   <li>{@link LocalDocsCall}: {@code _local} documents, the replication logs.</li>
 * </ol>
 *
 * <p>Each call's failures are decided by {@link FailureClassifier}. Attachment bodies are spooled to
 * temporary files until written; {@link #close()} deletes what is left.
 */
public final class RemoteDatabase implements Source, Target, LocalDocuments {

    private final CouchClient client;
    private final ConcurrentParts parts;
    private final AttachmentSpool spool = new AttachmentSpool();
    private final ChangesCall changes;
    private final RevsDiffCall revsDiff;
    private final BulkGetCall bulkGet;
    private final BulkDocsCall bulkDocs;
    private final LocalDocsCall localDocs;

    private RemoteDatabase(CouchUrl url, ClientOptions options) {
        this.client = new CouchClient(url, options);
        this.parts = new ConcurrentParts(options.fetchConcurrency());
        ServerWelcome server = new ServerWelcome(client);
        this.changes = new ChangesCall(client, server);
        this.revsDiff = new RevsDiffCall(client);
        this.bulkGet = new BulkGetCall(client, spool, parts);
        this.bulkDocs = new BulkDocsCall(client, server);
        this.localDocs = new LocalDocsCall(client);
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
        client.get(Call.DATABASE_INFO, "/", BulkDocsCall::discard);
    }

    /** Creates the database; one that exists already is fine. */
    public void create() throws IOException {
        try {
            client.put(Call.CREATE_DATABASE, "", null, BulkDocsCall::discard);
        } catch (CouchHttpException e) {
            if (FailureClassifier.classify(Call.CREATE_DATABASE, e) != FailureClassifier.Outcome.EXISTS) {
                throw e;
            }
        }
    }

    @Override
    public ChangesBatch changes(ChangesRequest request) throws IOException {
        return changes.changes(request);
    }

    @Override
    public Map<String, MissingRevs> revsDiff(Map<String, List<Rev>> revs) throws IOException {
        return revsDiff.revsDiff(revs);
    }

    @Override
    public FetchResult fetch(List<RevRequest> requests) throws IOException {
        return bulkGet.fetch(requests);
    }

    @Override
    public WriteResult writeDocs(List<DocRevision> docs) throws IOException {
        return bulkDocs.writeDocs(docs);
    }

    @Override
    public Optional<String> getLocal(String id) throws IOException {
        return localDocs.getLocal(id);
    }

    @Override
    public void putLocal(String id, String json) throws IOException {
        localDocs.putLocal(id, json);
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
