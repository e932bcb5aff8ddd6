package io.couchrepl.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.couchrepl.protocol.Attachment;
import io.couchrepl.protocol.AttachmentBody;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A revision as a record's value, and back: the JSON {@code couchrepl dump} prints ({@code _id},
 * {@code _rev}, {@code _deleted}, the body, {@code _revisions}, {@code _attachments}), except that an
 * attachment up to {@code attachments.inline.max.bytes} carries its stored bytes as {@code data}
 * (base64) instead of {@code stub}, with {@code encoding} and {@code encoded_length} when CouchDB
 * keeps it compressed. Body numbers pass through as the source wrote them.
 */
final class RevisionJson {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();

    private RevisionJson() {}

    /** The record value of a revision; attachments of at most {@code inlineMaxBytes} stored bytes go inline. */
    static String write(DocRevision revision, long inlineMaxBytes) throws IOException {
        if (revision.attachments().isEmpty()) {
            return revision.toCouchJson();
        }
        String withoutAttachments = revision.withAttachments(List.of()).toCouchJson();
        StringWriter out = new StringWriter(withoutAttachments.length() + 256);
        out.write(withoutAttachments, 0, withoutAttachments.length() - 1);
        out.write(",\"_attachments\":");
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            for (Attachment a : revision.attachments()) {
                g.writeObjectFieldStart(a.name());
                g.writeStringField("content_type", a.contentType());
                g.writeNumberField("revpos", a.revpos());
                g.writeStringField("digest", a.digest());
                g.writeNumberField("length", a.length());
                Optional<AttachmentBody> body = a.body();
                if (body.isPresent() && body.get().size() <= inlineMaxBytes) {
                    if (a.isEncoded()) {
                        g.writeStringField("encoding", a.encoding());
                        g.writeNumberField("encoded_length", a.encodedLength());
                    }
                    try (InputStream in = body.get().open()) {
                        g.writeStringField("data", Base64.getEncoder().encodeToString(in.readAllBytes()));
                    }
                } else {
                    g.writeBooleanField("stub", true);
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        out.write('}');
        return out.toString();
    }

    /**
     * A revision from a record's value.
     *
     * @throws IllegalArgumentException saying why, for a value that is not a revision
     */
    static DocRevision parse(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a revision: not a JSON object");
            }
            String id = null;
            String rev = null;
            boolean deleted = false;
            int start = -1;
            List<String> ids = null;
            List<Attachment> attachments = List.of();
            StringWriter body = new StringWriter();
            try (JsonGenerator g = JSON.createGenerator(body)) {
                g.writeStartObject();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    switch (name) {
                        case "_id" -> id = text(p, name);
                        case "_rev" -> rev = text(p, name);
                        case "_deleted" -> deleted = p.currentToken() == JsonToken.VALUE_TRUE;
                        case "_revisions" -> {
                            expect(p, JsonToken.START_OBJECT, name);
                            ids = new ArrayList<>();
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String field = p.currentName();
                                p.nextToken();
                                if (field.equals("start")) {
                                    start = p.getValueAsInt(-1);
                                } else if (field.equals("ids")) {
                                    expect(p, JsonToken.START_ARRAY, "_revisions.ids");
                                    while (p.nextToken() != JsonToken.END_ARRAY) {
                                        ids.add(text(p, "_revisions.ids"));
                                    }
                                } else {
                                    p.skipChildren();
                                }
                            }
                        }
                        case "_attachments" -> attachments = attachments(p);
                        default -> {
                            if (name.startsWith("_")) {
                                // _conflicts, _local_seq, ...: what a reader may add, never part of the revision.
                                p.skipChildren();
                            } else {
                                g.writeFieldName(name);
                                copy(p, g);
                            }
                        }
                    }
                }
                g.writeEndObject();
            }
            if (id == null || rev == null) {
                throw new IllegalArgumentException("not a revision: no _id or _rev");
            }
            if (ids == null || ids.isEmpty()) {
                throw new IllegalArgumentException("not a revision: " + id + " " + rev + " has no _revisions");
            }
            Rev parsed = Rev.parse(rev);
            if (start != parsed.pos()) {
                throw new IllegalArgumentException("not a revision: _revisions.start of " + id + " is " + start
                        + ", not the generation of " + rev);
            }
            return new DocRevision(id, parsed, deleted, ids, body.toString(), attachments);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not a revision: not JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a revision: " + e.getMessage(), e);
        }
    }

    private static List<Attachment> attachments(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT, "_attachments");
        List<Attachment> attachments = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            expect(p, JsonToken.START_OBJECT, "_attachments." + name);
            String type = Attachment.DEFAULT_CONTENT_TYPE;
            int revpos = 0;
            String digest = null;
            long length = -1;
            String encoding = Attachment.IDENTITY;
            long encodedLength = -1;
            byte[] data = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "content_type" -> type = p.getValueAsString(type);
                    case "revpos" -> revpos = p.getValueAsInt(0);
                    case "digest" -> digest = p.getValueAsString();
                    case "length" -> length = p.getValueAsLong(-1);
                    case "encoding" -> encoding = p.getValueAsString(Attachment.IDENTITY);
                    case "encoded_length" -> encodedLength = p.getValueAsLong(-1);
                    case "data" -> data = Base64.getDecoder().decode(text(p, "_attachments." + name + ".data"));
                    default -> p.skipChildren();
                }
            }
            if (digest == null) {
                throw new IllegalArgumentException("not a revision: attachment " + name + " has no digest");
            }
            if (data != null) {
                long stored = data.length;
                attachments.add(new Attachment(name, type, revpos, digest, length < 0 ? stored : length, encoding,
                        encodedLength < 0 ? stored : encodedLength, Optional.of(AttachmentBody.of(data))));
            } else {
                attachments.add(Attachment.stub(name, type, revpos, digest, Math.max(0, length), encoding,
                        encodedLength < 0 ? Math.max(0, length) : encodedLength));
            }
        }
        return attachments;
    }

    /** Copies a value; numbers as their source text, so none is rounded on the way. */
    private static void copy(JsonParser p, JsonGenerator g) throws IOException {
        int depth = 0;
        do {
            JsonToken t = p.currentToken();
            switch (t) {
                case START_OBJECT, START_ARRAY -> {
                    depth++;
                    g.copyCurrentEvent(p);
                }
                case END_OBJECT, END_ARRAY -> {
                    depth--;
                    g.copyCurrentEvent(p);
                }
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> g.writeNumber(p.getText());
                default -> g.copyCurrentEvent(p);
            }
        } while (depth > 0 && p.nextToken() != null);
    }

    private static String text(JsonParser p, String what) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("not a revision: " + what + " is not a string");
        }
        return p.getText();
    }

    private static void expect(JsonParser p, JsonToken token, String what) {
        if (p.currentToken() != token) {
            throw new IllegalArgumentException("not a revision: " + what + " is not a JSON "
                    + (token == JsonToken.START_OBJECT ? "object" : "array"));
        }
    }
}
