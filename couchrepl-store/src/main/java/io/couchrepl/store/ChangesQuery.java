package io.couchrepl.store;

import io.couchrepl.protocol.Change;
import io.couchrepl.protocol.ChangesBatch;
import io.couchrepl.protocol.ChangesFilter;
import io.couchrepl.protocol.ChangesRequest;
import io.couchrepl.protocol.Rev;
import io.couchrepl.protocol.Seq;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The store's changes feed: documents in the order of their latest change (the local {@code seq}),
 * each with all its leaves, the winner first, as CouchDB answers {@code style=all_docs}.
 *
 * <p>The store's sequences are its own integers; {@code since} must be one of them (or 0).
 */
final class ChangesQuery {

    // The inner query picks the page by seq (an index range); the outer one adds each document's leaves.
    private static final String PAGE = """
            SELECT d.seq, d.id, d.winner_rev, d.winner_deleted, r.rev
            FROM (SELECT * FROM docs WHERE seq > ?1 %s ORDER BY seq LIMIT ?2) AS d
            JOIN revs AS r ON r.doc_key = d.doc_key AND r.leaf = 1
            ORDER BY d.seq""";
    private static final String ONLY_IDS = "AND id IN (SELECT value FROM json_each(?3))";

    private final PreparedStatement page;
    private final PreparedStatement pageOfIds;
    private final PreparedStatement pendingAll;
    private final PreparedStatement pendingOfIds;
    private final PreparedStatement head;

    ChangesQuery(Connection connection) throws SQLException {
        this.page = connection.prepareStatement(PAGE.formatted(""));
        this.pageOfIds = connection.prepareStatement(PAGE.formatted(ONLY_IDS));
        this.pendingAll = connection.prepareStatement("SELECT count(*) FROM docs WHERE seq > ?1");
        this.pendingOfIds = connection.prepareStatement("SELECT count(*) FROM docs WHERE seq > ?1 " + ONLY_IDS);
        this.head = connection.prepareStatement("SELECT coalesce(max(seq), 0) FROM docs");
    }

    List<PreparedStatement> statements() {
        return List.of(page, pageOfIds, pendingAll, pendingOfIds, head);
    }

    /** The newest local sequence. */
    long head() throws SQLException {
        return Rows.number(head);
    }

    ChangesBatch read(ChangesRequest request) throws SQLException, IOException {
        long since = since(request.since());
        String ids = null;
        if (request.filter().isPresent()) {
            if (!(request.filter().get() instanceof ChangesFilter.DocIds docIds)) {
                throw new IOException("a local store filters only by doc_ids; "
                        + request.filter().get().getClass().getSimpleName().toLowerCase() + " filters need a server");
            }
            ids = JsonStringList.write(docIds.ids());
        }
        PreparedStatement query = ids == null ? page : pageOfIds;
        query.setLong(1, since);
        query.setInt(2, request.limit());
        if (ids != null) {
            query.setString(3, ids);
        }
        Map<Long, Row> rows = new LinkedHashMap<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                long seq = rs.getLong(1);
                Row row = rows.computeIfAbsent(seq, s -> {
                    try {
                        return new Row(rs.getString(2), Rev.parse(rs.getString(3)), rs.getInt(4) == 1);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                Rev leaf = Rev.parse(rs.getString(5));
                if (!leaf.equals(row.winner)) {
                    row.others.add(leaf);
                }
            }
        }
        List<Change> changes = new ArrayList<>(rows.size());
        long lastKey = 0;
        for (Map.Entry<Long, Row> entry : rows.entrySet()) {
            Row row = entry.getValue();
            List<Rev> revs = new ArrayList<>();
            revs.add(row.winner);
            if (!request.winningRevsOnly()) {
                revs.addAll(row.others);
            }
            changes.add(new Change(new Seq(Long.toString(entry.getKey())), row.id, revs, row.deleted));
            lastKey = entry.getKey();
        }
        // A page that ends early reaches the head: say so, as CouchDB's last_seq does.
        long last = changes.size() < request.limit() ? head() : lastKey;
        PreparedStatement pending = ids == null ? pendingAll : pendingOfIds;
        pending.setLong(1, last);
        if (ids != null) {
            pending.setString(3, ids);
        }
        long left = Rows.number(pending);
        return new ChangesBatch(changes, new Seq(Long.toString(last)), OptionalLong.of(left));
    }

    /**
     * A page of changes; a long poll with nothing to read waits on {@code monitor} (the store, whose
     * commits notify it; the caller holds its lock) until the store is written to, at most one
     * heartbeat, and reads again.
     */
    ChangesBatch readOrWait(Transactions tx, Object monitor, ChangesRequest request) throws IOException {
        String what = "reading the changes since " + request.since();
        ChangesBatch batch = tx.read(what, () -> read(request));
        if (!batch.isEmpty() || request.feed() != ChangesRequest.Feed.LONGPOLL) {
            return batch;
        }
        long since = since(request.since());
        long deadline = System.nanoTime() + request.heartbeat().toNanos();
        try {
            // Another process writing the file does not notify: the heartbeat bounds the wait for it.
            while (tx.read("reading the update sequence", this::head) <= since && System.nanoTime() < deadline) {
                monitor.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("waiting for changes in " + tx.file() + " was interrupted");
        }
        return tx.read(what, () -> read(request));
    }

    /** This store's own sequences are integers; anything else was recorded for another source. */
    static long since(Seq since) throws IOException {
        try {
            long value = Long.parseLong(since.json());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IOException("since " + since + " is not a sequence of this store (its sequences are whole numbers)");
        }
    }

    private static final class Row {
        final String id;
        final Rev winner;
        final boolean deleted;
        final List<Rev> others = new ArrayList<>();

        Row(String id, Rev winner, boolean deleted) {
            this.id = id;
            this.winner = winner;
            this.deleted = deleted;
        }
    }
}
