package io.couchrepl.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couchrepl.json.Jackson;
import io.couchrepl.json.JsonStrings;
import java.io.IOException;

/**
 * The JSON machinery of the HTTP edge: the project's one Jackson configuration ({@link Jackson}),
 * and an exact copy of a value from a parser.
 *
 * <p>Document bodies are copied token by token with numbers written from their source text, so
 * {@code 1.10}, {@code 1e-7} and integers beyond 64 bits reach the target exactly as the source
 * sent them.
 */
final class Json {

    static final JsonFactory FACTORY = Jackson.FACTORY;

    static final ObjectMapper MAPPER = Jackson.MAPPER;

    private Json() {}

    /** Copies the value at the parser's current token (object, array or scalar) and leaves the parser on its last token. */
    static void copyValue(JsonParser p, JsonGenerator g) throws IOException {
        int depth = 0;
        JsonToken t = p.currentToken();
        do {
            switch (t) {
                case START_OBJECT -> {
                    g.writeStartObject();
                    depth++;
                }
                case START_ARRAY -> {
                    g.writeStartArray();
                    depth++;
                }
                case END_OBJECT -> {
                    g.writeEndObject();
                    depth--;
                }
                case END_ARRAY -> {
                    g.writeEndArray();
                    depth--;
                }
                case FIELD_NAME -> g.writeFieldName(p.currentName());
                case VALUE_STRING -> g.writeString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> g.writeNumber(p.getText());
                case VALUE_TRUE -> g.writeBoolean(true);
                case VALUE_FALSE -> g.writeBoolean(false);
                case VALUE_NULL -> g.writeNull();
                default -> throw new IOException("unexpected JSON token " + t);
            }
            if (depth == 0) {
                return;
            }
            t = p.nextToken();
            if (t == null) {
                throw new IOException("JSON ended in the middle of a value");
            }
        } while (true);
    }

    /** The value at the parser's current token as compact JSON text. */
    static String rawValue(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT:
                return p.getText();
            case VALUE_TRUE:
                return "true";
            case VALUE_FALSE:
                return "false";
            case VALUE_NULL:
                return "null";
            case VALUE_STRING:
                // A CouchDB sequence on every feed row: quoted directly, not through a generator of its own.
                return JsonStrings.quoted(p.getText());
            default:
                SegmentedStringWriter out = new SegmentedStringWriter(new BufferRecycler());
                try (JsonGenerator g = FACTORY.createGenerator(out)) {
                    copyValue(p, g);
                }
                return out.getAndClear();
        }
    }

    /** Moves past the value at the current token. */
    static void skipValue(JsonParser p) throws IOException {
        p.skipChildren();
    }

    static IOException malformed(String what, JsonParser p) {
        return new MalformedResponseException(what + " at " + p.currentLocation().offsetDescription());
    }
}
