package io.couchrepl.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.couchrepl.attachments.Md5Digest;
import io.couchrepl.protocol.Attachment;
import io.couchrepl.protocol.AttachmentBody;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads a document's {@code _attachments} object. Each entry is a stub ({@code "stub":true}), inline
 * base64 {@code data} (decoded into the spool as it streams, never held as one string), or a body
 * that follows as a part of a multipart answer ({@code "follows":true}).
 */
final class AttachmentEntries {

    /** One entry as read; a following entry gets its body from the next part of the answer. */
    record Entry(String name, String contentType, int revpos, Optional<String> digest, OptionalLong length,
            String encoding, OptionalLong encodedLength, boolean follows, Optional<AttachmentBody> inline) {

        /** The attachment with the body that followed, or the inline one, or as a stub. */
        Attachment toAttachment(Optional<AttachmentBody> followed, String docId) throws IOException {
            Optional<AttachmentBody> body = follows ? followed : inline;
            if (body.isEmpty()) {
                String stubDigest = digest.orElseThrow(() -> new MalformedResponseException(
                        "attachment " + name + " of " + docId + " is a stub without a digest"));
                long size = length.orElse(0);
                return Attachment.stub(name, contentType, revpos, stubDigest, size, encoding,
                        Attachment.IDENTITY.equals(encoding) ? size : encodedLength.orElse(size));
            }
            AttachmentBody bytes = body.get();
            boolean identity = Attachment.IDENTITY.equals(encoding);
            if (!identity && length.isEmpty()) {
                throw new MalformedResponseException(
                        "attachment " + name + " of " + docId + " is " + encoding + "-encoded without a length");
            }
            long size = length.orElse(bytes.size());
            // Without a digest there is nothing to check against: name the bytes by their own MD5.
            String named = digest.isPresent() ? digest.get() : md5Of(bytes);
            return new Attachment(name, contentType, revpos, named, size, encoding,
                    identity ? size : encodedLength.orElse(bytes.size()), body);
        }
    }

    private AttachmentEntries() {}

    /** Reads the object at the parser's {@code START_OBJECT}; leaves the parser on its {@code END_OBJECT}. */
    static List<Entry> read(JsonParser p, AttachmentSpool spool, String docId) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw Json.malformed("_attachments of " + docId + " is not an object", p);
        }
        List<Entry> entries = new ArrayList<>();
        try {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw Json.malformed("attachment " + name + " of " + docId + " is not an object", p);
                }
                entries.add(entry(p, name, spool, docId));
            }
        } catch (IOException | RuntimeException e) {
            entries.forEach(entry -> entry.inline().ifPresent(AttachmentBody::release));
            throw e;
        }
        return entries;
    }

    private static Entry entry(JsonParser p, String name, AttachmentSpool spool, String docId) throws IOException {
        String contentType = Attachment.DEFAULT_CONTENT_TYPE;
        int revpos = 0;
        Optional<String> digest = Optional.empty();
        OptionalLong length = OptionalLong.empty();
        String encoding = Attachment.IDENTITY;
        OptionalLong encodedLength = OptionalLong.empty();
        boolean follows = false;
        Optional<AttachmentBody> inline = Optional.empty();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "content_type" -> contentType = value == JsonToken.VALUE_STRING ? p.getText() : contentType;
                case "revpos" -> revpos = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : 0;
                case "digest" -> digest = value == JsonToken.VALUE_STRING ? Optional.of(p.getText()) : Optional.empty();
                case "length" -> length = number(p, value);
                case "encoding" -> encoding = value == JsonToken.VALUE_STRING ? p.getText() : encoding;
                case "encoded_length" -> encodedLength = number(p, value);
                case "follows" -> follows = value == JsonToken.VALUE_TRUE;
                case "data" -> {
                    if (value != JsonToken.VALUE_STRING) {
                        throw Json.malformed("data of attachment " + name + " of " + docId + " is not a string", p);
                    }
                    AttachmentSpool.Output out = spool.open();
                    try {
                        p.readBinaryValue(out);
                        inline = Optional.of(out.finish());
                    } catch (IOException | RuntimeException e) {
                        out.abandon();
                        throw e;
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new Entry(name, contentType, revpos, digest, length, encoding, encodedLength, follows, inline);
    }

    private static OptionalLong number(JsonParser p, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_NUMBER_INT ? OptionalLong.of(p.getLongValue()) : OptionalLong.empty();
    }

    private static String md5Of(AttachmentBody body) throws IOException {
        try (InputStream in = body.open()) {
            return Md5Digest.of(in);
        }
    }
}
