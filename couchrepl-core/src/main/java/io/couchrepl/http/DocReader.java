package io.couchrepl.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.couchrepl.protocol.Attachment;
import io.couchrepl.protocol.AttachmentBody;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one document revision, as {@code _bulk_get} and {@code open_revs} send it with
 * {@code revs=true}, into a {@link DocRevision}: the {@code _id}, {@code _rev}, {@code _deleted},
 * {@code _revisions} and {@code _attachments} fields are taken out, every other field is copied
 * exactly into the body.
 */
final class DocReader {

    /** A document as read: the revision without attachments, and its {@code _attachments} entries. */
    record ReadDoc(DocRevision revision, List<AttachmentEntries.Entry> entries) {

        /** The entries whose bodies follow as parts of a multipart answer, in order. */
        List<AttachmentEntries.Entry> following() {
            return entries.stream().filter(AttachmentEntries.Entry::follows).toList();
        }

        /**
         * The revision with its attachments, taking following bodies from {@code followed} by name.
         * On failure every body read for it is released.
         */
        DocRevision complete(Map<String, AttachmentBody> followed) throws IOException {
            try {
                List<Attachment> attachments = new ArrayList<>(entries.size());
                for (AttachmentEntries.Entry entry : entries) {
                    if (entry.follows() && !followed.containsKey(entry.name())) {
                        throw new MalformedResponseException("attachment " + entry.name() + " of " + revision.id()
                                + " " + revision.rev() + " was announced but did not follow");
                    }
                    attachments.add(entry.toAttachment(Optional.ofNullable(followed.get(entry.name())), revision.id()));
                }
                return revision.withAttachments(attachments);
            } catch (IOException | RuntimeException e) {
                release(followed);
                throw e;
            }
        }

        /** Frees bodies read so far: the answer broke off. */
        void release(Map<String, AttachmentBody> followed) {
            DocReader.release(new ArrayList<>(entries));
            followed.values().forEach(AttachmentBody::release);
        }
    }

    private DocReader() {}

    /** Reads the object at the parser's current {@code START_OBJECT}; leaves the parser on its {@code END_OBJECT}. */
    static ReadDoc read(JsonParser p, AttachmentSpool spool) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw Json.malformed("expected a document object", p);
        }
        String id = null;
        String rev = null;
        boolean deleted = false;
        int revisionsStart = -1;
        List<String> revisionIds = null;
        List<AttachmentEntries.Entry> attachments = new ArrayList<>();
        BodyText body = BodyText.start();
        try {
            JsonGenerator g = body.generator();
            g.writeStartObject();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "_id" -> id = text(p, name);
                    case "_rev" -> rev = text(p, name);
                    case "_deleted" -> deleted = value == JsonToken.VALUE_TRUE;
                    case "_revisions" -> {
                        if (value != JsonToken.START_OBJECT) {
                            throw Json.malformed("_revisions is not an object", p);
                        }
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String field = p.currentName();
                            JsonToken v = p.nextToken();
                            if (field.equals("start") && v == JsonToken.VALUE_NUMBER_INT) {
                                revisionsStart = p.getIntValue();
                            } else if (field.equals("ids") && v == JsonToken.START_ARRAY) {
                                revisionIds = new ArrayList<>();
                                while (p.nextToken() == JsonToken.VALUE_STRING) {
                                    revisionIds.add(p.getText());
                                }
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                    case "_attachments" -> {
                        release(attachments);
                        attachments.addAll(AttachmentEntries.read(p, spool, id == null ? "a document" : id));
                    }
                    // Fields that describe a read, not the revision: never stored.
                    case "_conflicts", "_deleted_conflicts", "_revs_info", "_local_seq" -> p.skipChildren();
                    default -> {
                        g.writeFieldName(name);
                        Json.copyValue(p, g);
                    }
                }
            }
            g.writeEndObject();
            return new ReadDoc(revision(p, id, rev, deleted, revisionsStart, revisionIds, body.finish()),
                    List.copyOf(attachments));
        } catch (IOException | RuntimeException e) {
            body.discard();
            release(attachments);
            throw e;
        }
    }

    private static void release(List<AttachmentEntries.Entry> entries) {
        entries.forEach(entry -> entry.inline().ifPresent(AttachmentBody::release));
        entries.clear();
    }

    private static DocRevision revision(JsonParser p, String id, String rev, boolean deleted, int revisionsStart,
            List<String> revisionIds, String body) throws IOException {
        if (id == null || rev == null) {
            throw Json.malformed("a document without _id or _rev", p);
        }
        Rev parsed;
        try {
            parsed = Rev.parse(rev);
        } catch (IllegalArgumentException e) {
            throw Json.malformed("document " + id + " has a bad _rev \"" + rev + "\"", p);
        }
        List<String> history = revisionIds;
        if (history == null || history.isEmpty()) {
            // Without _revisions the revision is its own root, as CouchDB stores a rev without history.
            history = List.of(parsed.hash());
        } else if (revisionsStart != parsed.pos() || !history.get(0).equals(parsed.hash())) {
            throw Json.malformed("_revisions of " + id + " do not start at its _rev " + rev, p);
        }
        try {
            return new DocRevision(id, parsed, deleted, history, body);
        } catch (IllegalArgumentException e) {
            throw new MalformedResponseException(e.getMessage());
        }
    }

    private static String text(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw Json.malformed(field + " is not a string", p);
        }
        return p.getText();
    }
}
