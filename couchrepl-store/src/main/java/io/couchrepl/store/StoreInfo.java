package io.couchrepl.store;

import com.fasterxml.jackson.core.JsonGenerator;
import io.couchrepl.json.Jackson;
import io.couchrepl.protocol.Seq;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * What {@code couchrepl info} prints: a store described in the shape of CouchDB's {@code GET /db}.
 *
 * @param name the store file's name, as {@code db_name}
 * @param docCount documents whose winner is not deleted ({@code doc_count})
 * @param docDelCount documents whose winner is a tombstone ({@code doc_del_count})
 * @param updateSeq the store's own update sequence ({@code update_seq}), a whole number
 * @param sizes bytes on disk, in use, and of the documents themselves
 * @param revsLimit how many revisions of each branch the trees keep
 * @param diskFormatVersion the schema version of the file
 * @param replicationLogs the replication logs kept in the store, by id
 */
public record StoreInfo(String name, long docCount, long docDelCount, long updateSeq, Sizes sizes, int revsLimit,
        int diskFormatVersion, List<ReplicationLog> replicationLogs) {

    /**
     * Sizes in bytes, as CouchDB's {@code sizes}.
     *
     * @param file the store file, its write-ahead log and the attachment files, as on disk
     * @param active the pages holding live data plus the attachment bodies kept; {@code file - active}
     *     is what {@code compact} can give back
     * @param external the leaves' JSON bodies plus the attachments they name (once per document), as
     *     CouchDB counts {@code sizes.external}
     * @param attachments the attachment files alone
     */
    public record Sizes(long file, long active, long external, long attachments) {}

    /**
     * One replication log ({@code _local/<id>}) the store keeps.
     *
     * @param id the replication id
     * @param role {@code source} when the peer was the source (a pull), {@code target} when it was the
     *     target (a push that keeps its log here too); null when the log was written without naming it
     * @param peer the peer's URL without credentials; null when unknown
     * @param lastSeq the last source sequence the log records, verbatim
     * @param lastTime when the last run recorded it (its history's newest {@code end_time})
     */
    public record ReplicationLog(String id, String role, String peer, Seq lastSeq, String lastTime) {
        public ReplicationLog {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(lastSeq, "lastSeq");
        }
    }

    public StoreInfo {
        replicationLogs = List.copyOf(replicationLogs);
    }

    /** One JSON object, CouchDB's {@code GET /db} fields first. */
    public String toJson() {
        StringWriter text = new StringWriter();
        try (JsonGenerator out = Jackson.FACTORY.createGenerator(text)) {
            out.writeStartObject();
            out.writeStringField("db_name", name);
            out.writeNumberField("doc_count", docCount);
            out.writeNumberField("doc_del_count", docDelCount);
            out.writeNumberField("update_seq", updateSeq);
            out.writeObjectFieldStart("sizes");
            out.writeNumberField("file", sizes.file());
            out.writeNumberField("active", sizes.active());
            out.writeNumberField("external", sizes.external());
            out.writeNumberField("attachments", sizes.attachments());
            out.writeEndObject();
            out.writeNumberField("revs_limit", revsLimit);
            out.writeNumberField("disk_format_version", diskFormatVersion);
            out.writeArrayFieldStart("replication_logs");
            for (ReplicationLog log : replicationLogs) {
                out.writeStartObject();
                out.writeStringField("id", log.id());
                if (log.role() != null) {
                    out.writeStringField(log.role(), log.peer());
                }
                out.writeFieldName("last_seq");
                out.writeRawValue(log.lastSeq().json());
                out.writeStringField("last_time", log.lastTime());
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
