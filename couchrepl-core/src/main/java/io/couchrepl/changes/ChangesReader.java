package io.couchrepl.changes;

import io.couchrepl.protocol.Change;
import io.couchrepl.protocol.ChangesFilter;
import io.couchrepl.protocol.ChangesBatch;
import io.couchrepl.protocol.ChangesRequest;
import io.couchrepl.protocol.Seq;
import io.couchrepl.spi.Source;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a source's changes feed page by page from a sequence: at once while there is a backlog,
 * then, when following a continuous replication, by long polling with heartbeats.
 */
public final class ChangesReader {

    private final Source source;
    private final int batchSize;
    private final Duration heartbeat;
    private final Optional<ChangesFilter> filter;
    private final boolean winningRevsOnly;
    private final Map<String, String> params;

    public ChangesReader(Source source, int batchSize, Duration heartbeat, Optional<ChangesFilter> filter,
            boolean winningRevsOnly, Map<String, String> params) {
        this.source = source;
        this.batchSize = batchSize;
        this.heartbeat = heartbeat;
        this.filter = filter;
        this.winningRevsOnly = winningRevsOnly;
        this.params = Map.copyOf(params);
    }

    /** The next page after {@code since}; with {@code wait}, held open until a change arrives. */
    public ChangesBatch next(Seq since, boolean wait) throws IOException {
        ChangesRequest request = new ChangesRequest(since, batchSize,
                wait ? ChangesRequest.Feed.LONGPOLL : ChangesRequest.Feed.NORMAL, heartbeat, filter, winningRevsOnly,
                params);
        ChangesBatch batch = source.changes(request);
        // _local documents never replicate, even from a source that lists them.
        if (batch.changes().stream().anyMatch(Change::isLocal)) {
            List<Change> kept = batch.changes().stream().filter(c -> !c.isLocal()).toList();
            batch = new ChangesBatch(kept, batch.lastSeq(), batch.pending());
        }
        return batch;
    }

    /**
     * Whether the feed has nothing after this page. An empty page always means so; {@code pending}
     * is trusted only without filters, since filtered feeds count it over the unfiltered feed.
     */
    public boolean isCaughtUp(ChangesBatch batch, int rowsBeforeFiltering) {
        if (rowsBeforeFiltering == 0) {
            return true;
        }
        return params.isEmpty() && filter.isEmpty() && batch.pending().isPresent() && batch.pending().getAsLong() == 0;
    }
}
