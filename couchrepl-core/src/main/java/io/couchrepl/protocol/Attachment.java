package io.couchrepl.protocol;

import io.couchrepl.json.JsonStrings;
import java.util.Objects;
import java.util.Optional;

/**
 * One attachment of a revision, as its {@code _attachments} entry describes it, with its body
 * unless it is a stub.
 *
 * <p>{@code digest} is CouchDB's {@code md5-<base64>} of the bytes as stored: for an
 * {@code encoding} other than {@value #IDENTITY} (CouchDB gzips {@code text/*} attachments) those
 * are the encoded bytes. {@code length} is the decoded size, as {@code _attachments} reports it;
 * {@code encodedLength} is the stored size, equal to {@code length} for {@value #IDENTITY}.
 * {@code revpos} is the generation of the revision that last changed the attachment.
 *
 * <p>A stub ({@code body} empty) names an attachment the receiver already holds: an unchanged one
 * the source left out because of {@code atts_since}, or any attachment read back from a store. A
 * store finds a stub's bytes by its digest and reports its own {@code encoding} and
 * {@code encodedLength} for it.
 */
public record Attachment(
        String name,
        String contentType,
        int revpos,
        String digest,
        long length,
        String encoding,
        long encodedLength,
        Optional<AttachmentBody> body) {

    /** The encoding of bytes stored as they are. */
    public static final String IDENTITY = "identity";

    /** What CouchDB assumes when an attachment names no content type. */
    public static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    public Attachment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(body, "body");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("an attachment name must not be empty");
        }
        if (digest.isEmpty()) {
            throw new IllegalArgumentException("attachment " + name + " has an empty digest");
        }
        if (revpos < 0 || length < 0 || encodedLength < 0) {
            throw new IllegalArgumentException("attachment " + name + " has a negative revpos or length");
        }
        if (encoding.equals(IDENTITY) && encodedLength != length) {
            throw new IllegalArgumentException("attachment " + name + " is stored as it is, yet its length "
                    + length + " differs from its encoded length " + encodedLength);
        }
    }

    /** A stub: the attachment's description without its bytes. */
    public static Attachment stub(String name, String contentType, int revpos, String digest, long length,
            String encoding, long encodedLength) {
        return new Attachment(name, contentType, revpos, digest, length, encoding, encodedLength, Optional.empty());
    }

    public boolean isStub() {
        return body.isEmpty();
    }

    /** Whether the stored bytes are encoded (gzip) rather than the attachment's content itself. */
    public boolean isEncoded() {
        return !encoding.equals(IDENTITY);
    }

    /** This attachment without its body. */
    public Attachment asStub() {
        return isStub() ? this : new Attachment(name, contentType, revpos, digest, length, encoding, encodedLength,
                Optional.empty());
    }

    /** This attachment carrying the given bytes. */
    public Attachment withBody(AttachmentBody bytes) {
        return new Attachment(name, contentType, revpos, digest, length, encoding, encodedLength, Optional.of(bytes));
    }

    /** This attachment as a holder of its bytes stores them: their encoding and stored size. */
    public Attachment storedAs(String storedEncoding, long storedLength) {
        return new Attachment(name, contentType, revpos, digest, length, storedEncoding, storedLength, body);
    }

    /** The stub CouchDB shows for {@code GET /db/doc?open_revs=all}: {@code "name":{content_type, revpos, digest, length, stub}}. */
    void appendStubJson(StringBuilder out) {
        JsonStrings.appendString(out, name);
        out.append(":{\"content_type\":");
        JsonStrings.appendString(out, contentType);
        out.append(",\"revpos\":").append(revpos).append(",\"digest\":");
        JsonStrings.appendString(out, digest);
        out.append(",\"length\":").append(length).append(",\"stub\":true}");
    }
}
