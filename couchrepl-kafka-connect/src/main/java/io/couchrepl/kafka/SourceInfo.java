package io.couchrepl.kafka;

import io.couchrepl.protocol.Seq;
import java.util.Map;
import java.util.Optional;

/**
 * Where a source record comes from, as Connect stores it: the partition is the server (without
 * credentials) and the database; the offset is the database's sequence, opaque JSON text kept
 * verbatim, never parsed or compared.
 */
final class SourceInfo {

    static final String SERVER = "server";
    static final String DATABASE = "database";
    static final String SEQ = "seq";

    private SourceInfo() {}

    static Map<String, String> partition(String server, String database) {
        return Map.of(SERVER, server, DATABASE, database);
    }

    static Map<String, String> offset(Seq seq) {
        return Map.of(SEQ, seq.json());
    }

    /** The sequence of a stored offset; empty for none (the database is read from its start). */
    static Optional<Seq> seq(Map<String, Object> offset) {
        if (offset == null || !(offset.get(SEQ) instanceof String json) || json.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Seq.ofJson(json));
    }
}
