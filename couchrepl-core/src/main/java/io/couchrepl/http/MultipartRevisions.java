package io.couchrepl.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.couchrepl.protocol.AttachmentBody;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.FetchResult;
import io.couchrepl.protocol.Rev;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the {@code multipart/mixed} answer of {@code _bulk_get} and {@code open_revs} sent with
 * {@code Accept: multipart/mixed}: one part per revision, either a bare JSON document (no
 * attachment bodies), a {@code multipart/related} part whose first part is the document and whose
 * next parts are the bodies of its {@code "follows":true} attachments in order, or an error part
 * ({@code Content-Type: application/json; error="true"}).
 *
 * <p>Attachment bodies stream from the connection into the spool; the two forms CouchDB uses
 * (boundaries with and without a leading {@code --}, a leading CRLF or none) are both read.
 */
final class MultipartRevisions {

    private MultipartRevisions() {}

    /**
     * Reads every part into {@code found} and {@code notFound}; {@code idOf} names the document of an
     * error part that does not (the {@code _bulk_get} form names only the revision).
     */
    static void parse(InputStream in, ContentType type, String what, Function<Rev, String> idOf,
            AttachmentSpool spool, List<DocRevision> found, List<FetchResult.NotFound> notFound) throws IOException {
        MultipartReader parts = new MultipartReader(in, boundary(type, what), what);
        MultipartReader.Part part;
        while ((part = parts.next()) != null) {
            ContentType partType = part.contentType();
            if (partType.isMultipart()) {
                found.add(related(part, partType, what, spool));
            } else if (partType.isError()) {
                notFound.add(RevisionsParser.parseErrorPart(part.body(), idOf));
            } else {
                // A document in a part of its own has stubs only: any attachment announced to follow is an error.
                found.add(readDoc(part.body(), spool, what).complete(Map.of()));
            }
        }
    }

    private static String boundary(ContentType type, String what) throws MalformedResponseException {
        return type.param("boundary").orElseThrow(() ->
                new MalformedResponseException(what + ": a " + type.mediaType() + " answer without a boundary"));
    }

    /** A document followed by the bodies of its attachments. */
    private static DocRevision related(MultipartReader.Part part, ContentType type, String what, AttachmentSpool spool)
            throws IOException {
        MultipartReader inner = new MultipartReader(part.body(), boundary(type, what), what);
        MultipartReader.Part first = inner.next();
        if (first == null) {
            throw new MalformedResponseException(what + ": an empty multipart/related part");
        }
        DocReader.ReadDoc doc = readDoc(first.body(), spool, what);
        Map<String, AttachmentBody> followed = new HashMap<>();
        try {
            for (AttachmentEntries.Entry entry : doc.following()) {
                MultipartReader.Part body = inner.next();
                if (body == null) {
                    throw new MalformedResponseException(what + ": the body of attachment " + entry.name() + " of "
                            + doc.revision().id() + " did not follow");
                }
                if (!namesFile(body, entry.name())) {
                    // CouchDB sends bodies in the order of _attachments; a name out of order is not ours to guess.
                    throw new MalformedResponseException(what + ": expected the body of attachment " + entry.name()
                            + " of " + doc.revision().id() + ", got " + body.header("content-disposition"));
                }
                followed.put(entry.name(), spool.spool(body.body()));
            }
            while (inner.next() != null) {
                // Parts nobody announced: read past them.
            }
        } catch (IOException | RuntimeException e) {
            doc.release(followed);
            throw e;
        }
        return doc.complete(followed);
    }

    /**
     * Whether the part is the body of attachment {@code name}: a part without a file name is taken
     * in its order. CouchDB writes the name between the quotes as it is, quotes and backslashes
     * unescaped ({@code filename="a"b.txt"}); others escape them as RFC 2616 says: both are accepted.
     */
    static boolean namesFile(MultipartReader.Part part, String name) {
        String disposition = part.header("content-disposition");
        if (disposition == null) {
            return true;
        }
        if (disposition.endsWith("filename=\"" + name + "\"")) {
            return true;
        }
        Optional<String> filename = ContentType.parse(disposition).param("filename");
        return filename.isEmpty() || filename.get().equals(name);
    }

    private static DocReader.ReadDoc readDoc(InputStream body, AttachmentSpool spool, String what) throws IOException {
        try (JsonParser p = Json.FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw Json.malformed(what + ": a document part is not a JSON object", p);
            }
            return DocReader.read(p, spool);
        }
    }
}
