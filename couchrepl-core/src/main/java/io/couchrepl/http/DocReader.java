package io.couchrepl.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one document revision, as {@code _bulk_get} and {@code open_revs} send it with
 * {@code revs=true}, into a {@link DocRevision}: the {@code _id}, {@code _rev}, {@code _deleted}
 * and {@code _revisions} fields are taken out, every other field is copied exactly into the body.
 */
final class DocReader {

    private DocReader() {}

    /** Reads the object at the parser's current {@code START_OBJECT}; leaves the parser on its {@code END_OBJECT}. */
    static DocRevision read(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw Json.malformed("expected a document object", p);
        }
        String id = null;
        String rev = null;
        boolean deleted = false;
        int revisionsStart = -1;
        List<String> revisionIds = null;
        BodyText body = BodyText.start();
        String bodyText;
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
                    // Fields that describe a read, not the revision: never stored.
                    case "_conflicts", "_deleted_conflicts", "_revs_info", "_local_seq" -> p.skipChildren();
                    default -> {
                        g.writeFieldName(name);
                        Json.copyValue(p, g);
                    }
                }
            }
            g.writeEndObject();
            bodyText = body.finish();
        } catch (IOException | RuntimeException e) {
            body.discard();
            throw e;
        }
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
            return new DocRevision(id, parsed, deleted, history, bodyText);
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
