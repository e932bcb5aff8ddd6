package io.couchrepl.edit;

import io.couchrepl.json.JsonStrings;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import java.util.List;

/**
 * Documents and edit results as CouchDB writes them in its answers, fields in CouchDB's order
 * ({@code couch_doc:to_json_obj}): {@code _id}, {@code _rev}, the body's fields, {@code _deleted},
 * {@code _conflicts}, then {@code _attachments} as stubs. The body's text is kept as stored.
 */
public final class DocJson {

    private DocJson() {}

    /** The answer to {@code PUT} or {@code DELETE}: {@code {"ok":true,"id":...,"rev":...}}. */
    public static String ok(String id, Rev rev) {
        StringBuilder out = new StringBuilder("{\"ok\":true,\"id\":");
        string(out, id);
        out.append(",\"rev\":");
        string(out, rev.toString());
        return out.append('}').toString();
    }

    /** {@code GET /db/id} (or {@code ?rev=}); with {@code ?conflicts=true}, {@code conflicts} as {@code _conflicts} when not empty. */
    public static String doc(DocRevision revision, List<Rev> conflicts) {
        StringBuilder out = new StringBuilder(revision.body().length() + 64);
        appendDoc(out, revision, conflicts);
        return out.toString();
    }

    /** {@code GET /db/id?open_revs=all}: {@code [{"ok":{...}}, ...]}. */
    public static String openRevs(List<DocRevision> leaves) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < leaves.size(); i++) {
            out.append(i == 0 ? "{\"ok\":" : ",{\"ok\":");
            appendDoc(out, leaves.get(i), List.of());
            out.append('}');
        }
        return out.append(']').toString();
    }

    private static void appendDoc(StringBuilder out, DocRevision revision, List<Rev> conflicts) {
        out.append("{\"_id\":");
        string(out, revision.id());
        out.append(",\"_rev\":");
        string(out, revision.rev().toString());
        String body = revision.body().strip();
        String fields = body.substring(1, body.length() - 1).strip();
        if (!fields.isEmpty()) {
            out.append(',').append(fields);
        }
        if (revision.deleted()) {
            out.append(",\"_deleted\":true");
        }
        if (!conflicts.isEmpty()) {
            out.append(",\"_conflicts\":[");
            for (int i = 0; i < conflicts.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(out, conflicts.get(i).toString());
            }
            out.append(']');
        }
        revision.appendAttachmentStubs(out);
        out.append('}');
    }

    private static void string(StringBuilder out, String value) {
        JsonStrings.appendString(out, value);
    }
}
