package io.couchrepl.edit;

import io.couchrepl.protocol.Rev;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Computes the revision id CouchDB 3 gives an edit, so a revision made in a local store has the id
 * the same edit would get on the server.
 *
 * <p>The hash is {@code md5(term_to_binary([Deleted, PrevPos, PrevRevId, Body, Atts], [{minor_version, 1}]))}
 * ({@code couch_db:new_revid/1}): {@code PrevPos} is the parent's generation, 0 for a first
 * revision; {@code PrevRevId} the parent's hash as 16 bytes when it is 32 hex digits (CouchDB's
 * {@code parse_revid}), its text otherwise, and the integer 0 for a first revision; {@code Body} the
 * document's fields as decoded JSON ({@link EJson}), without {@code _id}, {@code _rev},
 * {@code _deleted}, {@code _revisions} and {@code _attachments}; {@code Atts} a
 * {@code {Name, ContentType, Md5}} tuple per attachment, in reverse document order. The document id
 * is not part of it. Stateless and thread-safe.
 */
public final class RevisionHasher {

    private static final HexFormat HEX = HexFormat.of();

    private RevisionHasher() {}

    /**
     * What CouchDB hashes of an attachment: its name, content type and the MD5 of its bytes as
     * stored, the {@code digest} CouchDB reports as {@code md5-<base64>}.
     */
    public record AttachmentDigest(String name, String contentType, String digest) {
        public AttachmentDigest {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(digest, "digest");
            if (!digest.startsWith("md5-")) {
                throw new IllegalArgumentException("attachment " + name + " has digest " + digest
                        + ": CouchDB's revision ids hash MD5 digests only");
            }
        }

        byte[] md5() {
            return Base64.getDecoder().decode(digest.substring(4));
        }
    }

    /** The revision an edit of {@code parent} (none for a new document) makes: the next generation and CouchDB's hash. */
    public static Rev next(Optional<Rev> parent, boolean deleted, EJson.Obj body, List<AttachmentDigest> attachments) {
        int pos = parent.map(Rev::pos).orElse(0);
        return new Rev(pos + 1, hash(parent, deleted, body, attachments));
    }

    /** {@link #next} for a body given as JSON object text of the document's own fields. */
    public static Rev next(Optional<Rev> parent, boolean deleted, String bodyJson) {
        EJson body = EJsonText.parse(bodyJson);
        if (!(body instanceof EJson.Obj obj)) {
            throw new IllegalArgumentException("a document body must be a JSON object: " + bodyJson);
        }
        return next(parent, deleted, obj, List.of());
    }

    static String hash(Optional<Rev> parent, boolean deleted, EJson.Obj body, List<AttachmentDigest> attachments) {
        ExternalTerm term = new ExternalTerm();
        term.list(5);
        term.atom(deleted ? "true" : "false");
        term.integer(parent.map(Rev::pos).orElse(0));
        if (parent.isPresent()) {
            term.binary(revIdBytes(parent.get().hash()));
        } else {
            term.integer(0);
        }
        term.ejson(body);
        term.list(attachments.size());
        // couch_db:new_revid folds the attachments into an accumulator: the last one comes first.
        for (int i = attachments.size() - 1; i >= 0; i--) {
            AttachmentDigest attachment = attachments.get(i);
            term.tuple(3).binary(attachment.name()).binary(attachment.contentType()).binary(attachment.md5());
        }
        if (!attachments.isEmpty()) {
            term.nil();
        }
        term.nil();
        return HEX.formatHex(md5().digest(term.toByteArray()));
    }

    /** CouchDB's {@code parse_revid}: 32 hex digits are the 16 bytes they spell, anything else its own text. */
    private static byte[] revIdBytes(String hash) {
        if (hash.length() == 32 && hash.chars().allMatch(RevisionHasher::isHexDigit)) {
            return HEX.parseHex(hash.toLowerCase(Locale.ROOT));
        }
        return hash.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean isHexDigit(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }
}
