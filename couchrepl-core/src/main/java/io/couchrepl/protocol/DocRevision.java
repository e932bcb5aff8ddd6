package io.couchrepl.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One revision of a document as replication carries it: its id, revision, deletion flag, its
 * ancestry ({@code _revisions}) and its body.
 *
 * <p>{@code body} is the JSON object text of the document's own fields, kept exactly as the source
 * sent them (numbers included), {@code _attachments} included, and without the fields this record
 * holds ({@code _id}, {@code _rev}, {@code _revisions}, {@code _deleted}). {@code history} lists
 * revision hashes newest first, starting with this revision's own hash, as {@code _revisions.ids}.
 */
public record DocRevision(String id, Rev rev, boolean deleted, List<String> history, String body) {

    public DocRevision {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(rev, "rev");
        Objects.requireNonNull(body, "body");
        history = List.copyOf(history);
        if (history.isEmpty() || !history.get(0).equals(rev.hash())) {
            throw new IllegalArgumentException(
                    "_revisions of " + id + " " + rev + " must start with its own hash, got " + history);
        }
        if (history.size() > rev.pos()) {
            throw new IllegalArgumentException(
                    "_revisions of " + id + " " + rev + " is longer than its generation: " + history.size());
        }
        String trimmed = body.strip();
        if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) {
            throw new IllegalArgumentException("body of " + id + " " + rev + " is not a JSON object");
        }
    }

    /** The revision path from this revision back to its oldest known ancestor. */
    public List<Rev> path() {
        List<Rev> path = new ArrayList<>(history.size());
        for (int i = 0; i < history.size(); i++) {
            path.add(new Rev(rev.pos() - i, history.get(i)));
        }
        return path;
    }

    /**
     * The document as CouchDB returns it for {@code GET /db/doc?open_revs=all&revs=true}: {@code _id},
     * {@code _rev}, {@code _deleted} on tombstones, the body's fields, and {@code _revisions}.
     */
    public String toCouchJson() {
        StringBuilder out = new StringBuilder(body.length() + 64 + history.size() * 36);
        out.append("{\"_id\":");
        Json.appendString(out, id);
        out.append(",\"_rev\":");
        Json.appendString(out, rev.toString());
        if (deleted) {
            out.append(",\"_deleted\":true");
        }
        String trimmed = body.strip();
        String fields = trimmed.substring(1, trimmed.length() - 1).strip();
        if (!fields.isEmpty()) {
            out.append(',').append(fields);
        }
        out.append(",\"_revisions\":{\"start\":").append(rev.pos()).append(",\"ids\":[");
        for (int i = 0; i < history.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Json.appendString(out, history.get(i));
        }
        return out.append("]}}").toString();
    }
}
