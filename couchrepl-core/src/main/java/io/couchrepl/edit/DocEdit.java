package io.couchrepl.edit;

import io.couchrepl.protocol.DocIds;
import io.couchrepl.protocol.Rev;
import io.couchrepl.spi.InvalidDocumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One edit of a document as a {@code PUT} or {@code DELETE} gives it: the revision it extends
 * ({@code _rev}; none for a new document), whether it deletes, and the document's own fields.
 *
 * <p>{@link #parse} reads the members with a leading underscore as CouchDB 3.5 does
 * ({@code couch_doc:transfer_fields}): {@code _id}, {@code _rev}, {@code _revisions} and
 * {@code _deleted} say what to edit; {@code _conflicts}, {@code _deleted_conflicts},
 * {@code _revs_info} and {@code _local_seq} (what a read adds) are dropped; {@code _access} and the
 * {@code _replication_*} members of replicator documents stay in the body; any other is refused.
 */
public record DocEdit(String id, Optional<Rev> parent, boolean deleted, EJson.Obj body) {

    /** Read-only members CouchDB adds to what it returns and ignores in what it is given. */
    private static final Set<String> IGNORED = Set.of("_conflicts", "_deleted_conflicts", "_revs_info", "_local_seq");

    /** Underscore members CouchDB keeps in the body, and so in the revision hash. */
    private static final Set<String> KEPT = Set.of("_access", "_replication_state", "_replication_state_time",
            "_replication_state_reason", "_replication_id", "_replication_stats");

    public DocEdit {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(body, "body");
    }

    /**
     * The edit a {@code PUT /db/id} with this JSON makes.
     *
     * @throws InvalidDocumentException for an id CouchDB refuses, text that is not a JSON object,
     *     a malformed {@code _rev} or {@code _revisions}, an {@code _id} other than {@code id}, an
     *     unknown {@code _} member, or attachments (local edits do not make attachments)
     */
    public static DocEdit parse(String id, String json) {
        checkId(id);
        Objects.requireNonNull(json, "json");
        EJson value = EJsonText.parse(json);
        if (!(value instanceof EJson.Obj doc)) {
            throw new InvalidDocumentException("bad_request", "Document must be a JSON object", null);
        }
        Optional<Rev> rev = Optional.empty();
        Optional<Rev> revisions = Optional.empty();
        boolean deleted = false;
        List<EJson.Member> body = new ArrayList<>();
        for (EJson.Member member : doc.members()) {
            String key = member.key();
            EJson v = member.value();
            if (!key.startsWith("_") || KEPT.contains(key)) {
                body.add(member);
            } else if (key.equals("_id")) {
                checkBodyId(id, v);
            } else if (key.equals("_rev")) {
                rev = Optional.of(rev(v));
            } else if (key.equals("_revisions")) {
                revisions = revisions(v);
            } else if (key.equals("_deleted") && v instanceof EJson.Literal b && b != EJson.Literal.NULL) {
                deleted = b == EJson.Literal.TRUE;
            } else if (key.equals("_attachments") && v instanceof EJson.Obj atts) {
                if (!atts.members().isEmpty()) {
                    throw new InvalidDocumentException("bad_request", "local edits do not carry attachments",
                            id + " has _attachments; put the document without them");
                }
            } else if (!IGNORED.contains(key)) {
                throw new InvalidDocumentException("doc_validation", "Bad special document member: " + key, null);
            }
        }
        // CouchDB takes the parent from _revisions when both are given, wherever they stand.
        Optional<Rev> parent = revisions.isPresent() ? revisions : rev;
        return new DocEdit(id, parent, deleted, new EJson.Obj(body));
    }

    /** The edit a {@code DELETE /db/id?rev=REV} makes: a tombstone with an empty body, child of {@code rev}. */
    public static DocEdit deletion(String id, Rev rev) {
        checkId(id);
        return new DocEdit(id, Optional.of(rev), true, EJson.Obj.EMPTY);
    }

    /** The body as compact JSON object text, numbers as the edit wrote them. */
    public String bodyJson() {
        return EJsonText.write(body);
    }

    /**
     * Refuses ids CouchDB refuses, and {@code _local/} ids: those documents have no revision tree
     * ({@code getLocal}/{@code putLocal} keep them).
     */
    public static void checkId(String id) {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty()) {
            throw new InvalidDocumentException("illegal_docid", "Document id must not be empty", null);
        }
        if (DocIds.isLocal(id)) {
            throw new InvalidDocumentException("illegal_docid", "_local documents have no revisions",
                    id + " is kept with getLocal and putLocal");
        }
        if (id.startsWith("_") && !id.startsWith("_design/")) {
            throw new InvalidDocumentException("illegal_docid", "Only reserved document ids may start with underscore.",
                    id);
        }
        if (!EJsonText.isUnicode(id)) {
            throw new InvalidDocumentException("illegal_docid", "Document id must be a valid UTF-8 string",
                    "it holds a lone surrogate");
        }
    }

    private static void checkBodyId(String id, EJson v) {
        if (!(v instanceof EJson.Str s)) {
            throw new InvalidDocumentException("illegal_docid", "Document id must be a string", null);
        }
        if (!s.value().equals(id)) {
            // CouchDB lets the URL win silently; a different _id is far more often a mistake than a copy.
            throw new InvalidDocumentException("bad_request", "_id does not match the document id",
                    "the body's _id is \"" + s.value() + "\", the document is \"" + id + "\"");
        }
    }

    private static Rev rev(EJson v) {
        if (v instanceof EJson.Str s) {
            try {
                return Rev.parse(s.value());
            } catch (IllegalArgumentException e) {
                throw new InvalidDocumentException("bad_request", "Invalid rev format", "_rev \"" + s.value() + "\"");
            }
        }
        throw new InvalidDocumentException("bad_request", "Invalid rev format", "_rev is not a string");
    }

    private static Optional<Rev> revisions(EJson v) {
        if (!(v instanceof EJson.Obj revisions)) {
            throw new InvalidDocumentException("doc_validation", "Bad special document member: _revisions", null);
        }
        EJson start = null;
        EJson ids = null;
        for (EJson.Member member : revisions.members()) {
            if (member.key().equals("start")) {
                start = member.value();
            } else if (member.key().equals("ids")) {
                ids = member.value();
            }
        }
        if (!(start instanceof EJson.Int pos) || pos.value().bitLength() > 31 || pos.value().signum() < 0) {
            throw new InvalidDocumentException("doc_validation", "_revisions.start isn't an integer.", null);
        }
        if (!(ids instanceof EJson.Arr list)) {
            throw new InvalidDocumentException("doc_validation", "_revisions.ids isn't a array.", null);
        }
        for (EJson id : list.elements()) {
            if (!(id instanceof EJson.Str)) {
                throw new InvalidDocumentException("doc_validation", "RevId isn't a string", null);
            }
        }
        if (list.elements().isEmpty()) {
            // CouchDB then edits as if no revision was named.
            return Optional.empty();
        }
        String hash = ((EJson.Str) list.elements().get(0)).value();
        if (hash.isEmpty() || pos.value().signum() == 0) {
            throw new InvalidDocumentException("bad_request", "Invalid rev format", "_revisions " + pos.text() + "-" + hash);
        }
        return Optional.of(new Rev(pos.value().intValue(), hash));
    }
}
