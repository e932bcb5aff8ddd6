package io.couchrepl.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.couchrepl.protocol.Change;
import io.couchrepl.protocol.ChangesBatch;
import io.couchrepl.protocol.Rev;
import io.couchrepl.protocol.Seq;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Stream-parses a normal or longpoll {@code _changes} answer; sequences are kept as raw JSON. */
final class ChangesParser {

    private ChangesParser() {}

    static ChangesBatch parse(InputStream in) throws IOException {
        try (JsonParser p = Json.FACTORY.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw Json.malformed("_changes did not answer a JSON object", p);
            }
            List<Change> changes = new ArrayList<>();
            Seq lastSeq = null;
            OptionalLong pending = OptionalLong.empty();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "results" -> {
                        if (value != JsonToken.START_ARRAY) {
                            throw Json.malformed("_changes results is not a list", p);
                        }
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            changes.add(row(p));
                        }
                    }
                    case "last_seq" -> lastSeq = new Seq(Json.rawValue(p));
                    case "pending" -> {
                        if (value == JsonToken.VALUE_NUMBER_INT) {
                            pending = OptionalLong.of(p.getLongValue());
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (lastSeq == null) {
                if (changes.isEmpty()) {
                    throw Json.malformed("_changes answer has no last_seq", p);
                }
                lastSeq = changes.get(changes.size() - 1).seq()
                        .orElseThrow(() -> Json.malformed("_changes answer has no last_seq", p));
            }
            return new ChangesBatch(changes, lastSeq, pending);
        }
    }

    private static Change row(JsonParser p) throws IOException {
        Seq seq = null;
        String id = null;
        boolean deleted = false;
        List<Rev> revs = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                // null on most rows when asked with seq_interval
                case "seq" -> seq = value == JsonToken.VALUE_NULL ? null : new Seq(Json.rawValue(p));
                case "id" -> id = value == JsonToken.VALUE_STRING ? p.getText() : null;
                case "deleted" -> deleted = value == JsonToken.VALUE_TRUE;
                case "changes" -> {
                    if (value != JsonToken.START_ARRAY) {
                        throw Json.malformed("_changes row changes is not a list", p);
                    }
                    revs = new ArrayList<>();
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String field = p.currentName();
                            p.nextToken();
                            if (field.equals("rev") && p.currentToken() == JsonToken.VALUE_STRING) {
                                revs.add(parseRev(p.getText(), id, p));
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (id == null) {
            throw Json.malformed("_changes row without id", p);
        }
        if (revs == null || revs.isEmpty()) {
            throw Json.malformed("_changes row for " + id + " lists no revisions", p);
        }
        return new Change(Optional.ofNullable(seq), id, revs, deleted);
    }

    private static Rev parseRev(String rev, String id, JsonParser p) throws IOException {
        try {
            return Rev.parse(rev);
        } catch (IllegalArgumentException e) {
            throw Json.malformed("_changes row for " + id + " has a bad revision \"" + rev + "\"", p);
        }
    }
}
