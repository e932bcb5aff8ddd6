package io.couchrepl.edit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.couchrepl.json.Jackson;
import io.couchrepl.spi.InvalidDocumentException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads JSON text into {@link EJson} as CouchDB's decoder (jiffy) does, and writes it back. */
final class EJsonText {

    private EJsonText() {}

    /**
     * The value of {@code json}, which must be exactly one JSON value.
     *
     * @throws InvalidDocumentException {@code bad_request} as CouchDB answers for text it cannot
     *     decode: broken syntax, a lone surrogate in a string, a number out of range ({@link JiffyNumbers})
     */
    static EJson parse(String json) {
        try (JsonParser p = Jackson.FACTORY.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw invalid("the text is empty");
            }
            EJson value = read(p, first);
            if (p.nextToken() != null) {
                throw invalid("more text after the JSON value at " + p.currentLocation().offsetDescription());
            }
            return value;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at " + e.getLocation().offsetDescription();
            throw invalid(e.getOriginalMessage().lines().findFirst().orElse("") + where);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EJson read(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> readObject(p);
            case START_ARRAY -> {
                List<EJson> elements = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    elements.add(read(p, e));
                }
                yield new EJson.Arr(elements);
            }
            case VALUE_STRING -> new EJson.Str(checked(p.getText()));
            case VALUE_NUMBER_INT -> new EJson.Int(JiffyNumbers.integer(p.getText()), p.getText());
            case VALUE_NUMBER_FLOAT -> new EJson.Float(JiffyNumbers.floating(p.getText()), p.getText());
            case VALUE_TRUE -> EJson.Literal.TRUE;
            case VALUE_FALSE -> EJson.Literal.FALSE;
            case VALUE_NULL -> EJson.Literal.NULL;
            default -> throw invalid("unexpected " + t + " at " + p.currentLocation().offsetDescription());
        };
    }

    private static EJson.Obj readObject(JsonParser p) throws IOException {
        List<EJson.Member> members = new ArrayList<>();
        Map<String, Integer> lastIndex = new HashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String key = checked(p.currentName());
            EJson value = read(p, p.nextToken());
            lastIndex.put(key, members.size());
            members.add(new EJson.Member(key, value));
        }
        if (lastIndex.size() == members.size()) {
            return new EJson.Obj(members);
        }
        // jiffy's dedupe_keys: a repeated key keeps its last value, at the place of that last occurrence.
        List<EJson.Member> unique = new ArrayList<>(lastIndex.size());
        for (int i = 0; i < members.size(); i++) {
            if (lastIndex.get(members.get(i).key()) == i) {
                unique.add(members.get(i));
            }
        }
        return new EJson.Obj(unique);
    }

    /** Refuses strings that are not Unicode text: jiffy rejects a lone surrogate escape. */
    private static String checked(String s) {
        if (!isUnicode(s)) {
            throw invalid("a string holds a lone surrogate escape (\\ud800 to \\udfff)");
        }
        return s;
    }

    /** Whether {@code s} is Unicode text, which UTF-8 can carry: no lone surrogate. */
    static boolean isUnicode(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static InvalidDocumentException invalid(String detail) {
        return new InvalidDocumentException("bad_request", "invalid UTF-8 JSON", detail);
    }

    /** Compact JSON text of {@code value}, numbers as their source wrote them. */
    static String write(EJson value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = Jackson.FACTORY.createGenerator(out)) {
            write(value, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(EJson value, JsonGenerator g) throws IOException {
        if (value instanceof EJson.Obj obj) {
            g.writeStartObject();
            for (EJson.Member member : obj.members()) {
                g.writeFieldName(member.key());
                write(member.value(), g);
            }
            g.writeEndObject();
        } else if (value instanceof EJson.Arr arr) {
            g.writeStartArray();
            for (EJson element : arr.elements()) {
                write(element, g);
            }
            g.writeEndArray();
        } else if (value instanceof EJson.Str str) {
            g.writeString(str.value());
        } else if (value instanceof EJson.Int i) {
            g.writeNumber(i.text());
        } else if (value instanceof EJson.Float f) {
            g.writeNumber(f.text());
        } else if (value == EJson.Literal.TRUE) {
            g.writeBoolean(true);
        } else if (value == EJson.Literal.FALSE) {
            g.writeBoolean(false);
        } else {
            g.writeNull();
        }
    }
}
