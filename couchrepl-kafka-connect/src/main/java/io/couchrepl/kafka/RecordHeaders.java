package io.couchrepl.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * What a record says besides its revision: the headers {@code database}, {@code rev} and
 * {@code seq} (and {@code heartbeat} on heartbeat records), and the key
 * {@code {"database":"...","id":"..."}}, so every revision of a document lands in one partition.
 */
final class RecordHeaders {

    static final String DATABASE = "database";
    static final String REV = "rev";
    static final String SEQ = "seq";
    static final String HEARTBEAT = "heartbeat";

    private static final JsonFactory JSON = new JsonFactory();

    private RecordHeaders() {}

    static String key(String database, String id) {
        StringWriter out = new StringWriter(database.length() + id.length() + 24);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("database", database);
            g.writeStringField("id", id);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The database a key names, if it is such a key. */
    static Optional<String> databaseOfKey(Object key) {
        if (!(key instanceof String text) || !text.startsWith("{")) {
            return Optional.empty();
        }
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("database") && p.currentToken() == JsonToken.VALUE_STRING) {
                    return Optional.of(p.getText());
                }
                p.skipChildren();
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
