package io.couchrepl.protocol;

import io.couchrepl.json.JsonStrings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One revision of a document as replication carries it: its id, revision, deletion flag, its
 * ancestry ({@code _revisions}), its body and its attachments.
 *
 * <p>{@code body} is the JSON object text of the document's own fields, kept exactly as the source
 * sent them (numbers included), without the fields this record holds ({@code _id}, {@code _rev},
 * {@code _revisions}, {@code _deleted}, {@code _attachments}). {@code history} lists revision hashes
 * newest first, starting with this revision's own hash, as {@code _revisions.ids}.
 * {@code attachments} are the {@code _attachments} entries in the source's order, each with its body
 * or as a stub.
 */
public record DocRevision(String id, Rev rev, boolean deleted, List<String> history, String body,
        List<Attachment> attachments) {

    public DocRevision {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(rev, "rev");
        Objects.requireNonNull(body, "body");
        history = List.copyOf(history);
        attachments = List.copyOf(attachments);
        Set<String> names = new HashSet<>();
        for (Attachment attachment : attachments) {
            if (!names.add(attachment.name())) {
                throw new IllegalArgumentException(id + " " + rev + " has two attachments named " + attachment.name());
            }
        }
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

    /** A revision without attachments. */
    public DocRevision(String id, Rev rev, boolean deleted, List<String> history, String body) {
        this(id, rev, deleted, history, body, List.of());
    }

    /** This revision with other attachments (for instance, the same ones as stubs). */
    public DocRevision withAttachments(List<Attachment> replacement) {
        return new DocRevision(id, rev, deleted, history, body, replacement);
    }

    /** Frees the spooled bodies of this revision's attachments once they have been written. */
    public void releaseBodies() {
        for (Attachment attachment : attachments) {
            attachment.body().ifPresent(AttachmentBody::release);
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
     * {@code _rev}, {@code _deleted} on tombstones, the body's fields, {@code _revisions}, and the
     * attachments as stubs in {@code _attachments}.
     */
    public String toCouchJson() {
        StringBuilder out = new StringBuilder(body.length() + 64 + history.size() * 36);
        out.append("{\"_id\":");
        JsonStrings.appendString(out, id);
        out.append(",\"_rev\":");
        JsonStrings.appendString(out, rev.toString());
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
            JsonStrings.appendString(out, history.get(i));
        }
        out.append("]}");
        appendAttachmentStubs(out);
        return out.append('}').toString();
    }

    /**
     * Appends {@code ,"_attachments":{...}} with each attachment as the stub CouchDB shows
     * ({@code content_type}, {@code revpos}, {@code digest}, {@code length}, {@code stub}); nothing
     * when there are none. For writers of CouchDB's document answers.
     */
    public void appendAttachmentStubs(StringBuilder out) {
        if (attachments.isEmpty()) {
            return;
        }
        out.append(",\"_attachments\":{");
        for (int i = 0; i < attachments.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            attachments.get(i).appendStubJson(out);
        }
        out.append('}');
    }
}
