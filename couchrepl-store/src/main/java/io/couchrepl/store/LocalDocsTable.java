package io.couchrepl.store;

import io.couchrepl.checkpoint.ReplicationLogJson;
import io.couchrepl.protocol.DocIds;
import io.couchrepl.spi.Checkpoint;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code local_docs} table: {@code _local/} documents, which never replicate, among them the
 * replication logs ({@code _local/<replication id>}) in CouchDB's format. CouchDB gives a local
 * document revisions {@code 0-1}, {@code 0-2}, ...: a counter, no tree. The caller holds the
 * transaction.
 */
final class LocalDocsTable {

    private final PreparedStatement get;
    private final Connection connection;
    private final PreparedStatement all;
    private final PreparedStatement peers;

    LocalDocsTable(Connection connection) throws SQLException {
        this.get = connection.prepareStatement("SELECT body FROM local_docs WHERE id = ?");
        this.connection = connection;
        this.all = connection.prepareStatement("SELECT id, body FROM local_docs ORDER BY id");
        this.peers = connection.prepareStatement("SELECT replication_id, role, peer FROM replication_peers");
    }

    Optional<String> get(String id) throws SQLException {
        get.setString(1, requireLocal(id));
        return Rows.first(get, rs -> rs.getString(1));
    }

    void put(String id, String json) throws SQLException {
        // Changes are prepared each time: sqlite-jdbc leaves a kept statement run with executeUpdate
        // "in progress", and VACUUM refuses to run while one is.
        try (PreparedStatement put = connection.prepareStatement("""
                INSERT INTO local_docs(id, rev, body) VALUES (?, '0-1', ?)
                ON CONFLICT(id) DO UPDATE SET
                  rev = '0-' || (CAST(substr(rev, 3) AS INTEGER) + 1), body = excluded.body""")) {
            put.setString(1, requireLocal(id));
            put.setString(2, json);
            put.executeUpdate();
        }
    }

    boolean delete(String id) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM local_docs WHERE id = ?")) {
            delete.setString(1, requireLocal(id));
            return delete.executeUpdate() > 0;
        }
    }

    /** The replication log of a replication, in CouchDB's format; seqs kept as the source's JSON. */
    void putCheckpoint(Checkpoint checkpoint) throws SQLException {
        put(checkpoint.localId(), ReplicationLogJson.toJson(checkpoint));
    }

    /** Every {@code _local/} document that reads as a replication log, by replication id. */
    Map<String, Checkpoint> replicationLogs() throws SQLException {
        Map<String, Checkpoint> logs = new LinkedHashMap<>();
        try (ResultSet rs = all.executeQuery()) {
            while (rs.next()) {
                String replicationId = rs.getString(1).substring("_local/".length());
                try {
                    logs.put(replicationId, ReplicationLogJson.parse(replicationId, rs.getString(2)));
                } catch (IOException notALog) {
                    // An application's own _local document: not a replication log.
                }
            }
        }
        return logs;
    }

    /** Notes who the peer of a replication is, for {@link #replicationLogInfo}. */
    void putPeer(String replicationId, String role, String peer) throws SQLException {
        try (PreparedStatement putPeer = connection.prepareStatement("""
                INSERT INTO replication_peers(replication_id, role, peer) VALUES (?, ?, ?)
                ON CONFLICT(replication_id) DO UPDATE SET role = excluded.role, peer = excluded.peer""")) {
            putPeer.setString(1, replicationId);
            putPeer.setString(2, role);
            putPeer.setString(3, peer);
            putPeer.executeUpdate();
        }
    }

    /** The replication logs kept here, each with its peer when one was noted. */
    List<StoreInfo.ReplicationLog> replicationLogInfo() throws SQLException {
        Map<String, String[]> known = new HashMap<>();
        try (ResultSet rs = peers.executeQuery()) {
            while (rs.next()) {
                known.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
            }
        }
        List<StoreInfo.ReplicationLog> logs = new ArrayList<>();
        for (Checkpoint log : replicationLogs().values()) {
            String[] peer = known.getOrDefault(log.replicationId(), new String[2]);
            String lastTime = log.history().isEmpty() ? null : log.history().get(0).endTime();
            logs.add(new StoreInfo.ReplicationLog(log.replicationId(), peer[0], peer[1], log.lastSeq(), lastTime));
        }
        return logs;
    }

    /** Checks a local document's id and body before anything is written. */
    static void checkPut(String id, String json) {
        requireLocal(id);
        Objects.requireNonNull(json, "json");
        String trimmed = json.strip();
        if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) {
            throw new IllegalArgumentException("body of " + id + " is not a JSON object");
        }
    }

    static String requireLocal(String id) {
        Objects.requireNonNull(id, "id");
        if (!DocIds.isLocal(id)) {
            throw new IllegalArgumentException("not a _local document id: " + id);
        }
        return id;
    }

    List<PreparedStatement> statements() {
        return List.of(get, all, peers);
    }
}
