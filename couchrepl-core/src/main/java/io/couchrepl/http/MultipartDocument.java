package io.couchrepl.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.couchrepl.protocol.Attachment;
import io.couchrepl.protocol.DocRevision;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

/**
 * A revision with attachment bodies as CouchDB's replicator writes it: {@code PUT /db/doc?new_edits=false}
 * with a {@code multipart/related} body, the document first (attachments with a body marked
 * {@code "follows":true}, the others stubs), then one part per body in the same order, each streamed
 * from its {@link io.couchrepl.protocol.AttachmentBody} as the request goes out.
 *
 * <p>Bodies go as stored, gzip-encoded ones with {@code encoding} and {@code Content-Encoding: gzip},
 * which CouchDB keeps as they are; for a server that does not understand encodings (PouchDB Server)
 * they are decoded on the way and go without a digest, which it computes itself. Every attachment
 * part names its file: PouchDB Server crashes on one that does not.
 */
final class MultipartDocument {

    /** One piece of the body: bytes written here, or an attachment body opened when reached. */
    private interface Piece {
        InputStream open() throws IOException;
    }

    private MultipartDocument() {}

    /** The upload of {@code revision}; {@code decodeGzip} for a target that keeps only plain bytes. */
    static CouchClient.Upload of(DocRevision revision, boolean decodeGzip) throws IOException {
        String boundary = UUID.randomUUID().toString().replace("-", "");
        List<Piece> pieces = new ArrayList<>();
        long length = 0;
        byte[] head = ("--" + boundary + "\r\nContent-Type: application/json\r\n\r\n" + json(revision, decodeGzip))
                .getBytes(StandardCharsets.UTF_8);
        pieces.add(() -> new ByteArrayInputStream(head));
        length += head.length;
        for (Attachment attachment : revision.attachments()) {
            if (attachment.isStub()) {
                continue;
            }
            boolean decode = decodeGzip && attachment.isEncoded();
            long size = decode ? attachment.length() : attachment.encodedLength();
            StringBuilder headers = new StringBuilder("\r\n--").append(boundary)
                    .append("\r\nContent-Disposition: attachment; filename=\"")
                    .append(attachment.name().replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\"\r\nContent-Type: ").append(attachment.contentType())
                    .append("\r\nContent-Length: ").append(size).append("\r\n");
            if (attachment.isEncoded() && !decode) {
                headers.append("Content-Encoding: ").append(attachment.encoding()).append("\r\n");
            }
            byte[] partHead = headers.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
            pieces.add(() -> new ByteArrayInputStream(partHead));
            pieces.add(() -> {
                InputStream stored = attachment.body().orElseThrow().open();
                return decode ? new GZIPInputStream(stored, 64 * 1024) : stored;
            });
            length += partHead.length + size;
        }
        byte[] tail = ("\r\n--" + boundary + "--").getBytes(StandardCharsets.UTF_8);
        pieces.add(() -> new ByteArrayInputStream(tail));
        length += tail.length;
        return new CouchClient.Upload("multipart/related; boundary=\"" + boundary + "\"", length, out -> {
            for (Piece piece : pieces) {
                try (InputStream in = piece.open()) {
                    in.transferTo(out);
                }
            }
        });
    }

    /** The document part: the revision as CouchDB writes it, with {@code _attachments} that follow or are stubs. */
    private static String json(DocRevision revision, boolean decodeGzip) throws IOException {
        String document = revision.withAttachments(Collections.emptyList()).toCouchJson();
        StringWriter attachments = new StringWriter();
        try (JsonGenerator g = Json.FACTORY.createGenerator(attachments)) {
            g.writeStartObject();
            for (Attachment attachment : revision.attachments()) {
                boolean decode = decodeGzip && attachment.isEncoded() && !attachment.isStub();
                g.writeObjectFieldStart(attachment.name());
                g.writeStringField("content_type", attachment.contentType());
                g.writeNumberField("revpos", attachment.revpos());
                if (!decode) {
                    g.writeStringField("digest", attachment.digest());
                }
                g.writeNumberField("length", attachment.length());
                g.writeBooleanField(attachment.isStub() ? "stub" : "follows", true);
                if (attachment.isEncoded() && !decode && !attachment.isStub()) {
                    g.writeStringField("encoding", attachment.encoding());
                    g.writeNumberField("encoded_length", attachment.encodedLength());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        return document.substring(0, document.length() - 1) + ",\"_attachments\":" + attachments + "}";
    }
}
