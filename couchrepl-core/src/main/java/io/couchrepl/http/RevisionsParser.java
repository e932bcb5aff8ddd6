package io.couchrepl.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.FetchResult;
import io.couchrepl.protocol.Rev;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Stream-parses the two answers that carry revisions: {@code _bulk_get}
 * ({@code {"results":[{"id":..,"docs":[..]}]}}) and {@code open_revs} ({@code [..]}). Each entry is
 * {@code {"ok":doc}}, {@code {"error":{..}}} (CouchDB) or {@code {"missing":rev}} / {@code {}}
 * (PouchDB, and CouchDB's {@code open_revs}).
 */
final class RevisionsParser {

    private RevisionsParser() {}

    static void parseBulkGet(InputStream in, AttachmentSpool spool, List<DocRevision> found,
            List<FetchResult.NotFound> notFound) throws IOException {
        try (JsonParser p = Json.FACTORY.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw Json.malformed("_bulk_get did not answer a JSON object", p);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (!name.equals("results")) {
                    p.skipChildren();
                    continue;
                }
                if (value != JsonToken.START_ARRAY) {
                    throw Json.malformed("_bulk_get results is not a list", p);
                }
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    String id = null;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        JsonToken v = p.nextToken();
                        if (field.equals("id") && v == JsonToken.VALUE_STRING) {
                            id = p.getText();
                        } else if (field.equals("docs") && v == JsonToken.START_ARRAY) {
                            while (p.nextToken() == JsonToken.START_OBJECT) {
                                entry(p, id, spool, found, notFound);
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                }
            }
        }
    }

    static void parseOpenRevs(InputStream in, String id, AttachmentSpool spool, List<DocRevision> found,
            List<FetchResult.NotFound> notFound) throws IOException {
        try (JsonParser p = Json.FACTORY.createParser(in)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw Json.malformed("open_revs did not answer a JSON list", p);
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                entry(p, id, spool, found, notFound);
            }
        }
    }

    /**
     * Reads the error part of a multipart answer: {@code {"missing":rev}} ({@code open_revs}) or
     * {@code {"rev","error","reason"}} ({@code _bulk_get}, without the id, which {@code idOf} finds).
     */
    static FetchResult.NotFound parseErrorPart(InputStream in, Function<Rev, String> idOf) throws IOException {
        try (JsonParser p = Json.FACTORY.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw Json.malformed("an error part is not a JSON object", p);
            }
            return error(p, idOf);
        }
    }

    private static void entry(JsonParser p, String id, AttachmentSpool spool, List<DocRevision> found,
            List<FetchResult.NotFound> notFound) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String kind = p.currentName();
            JsonToken v = p.nextToken();
            switch (kind) {
                // A JSON answer carries attachments inline or as stubs: any announced to follow is an error.
                case "ok" -> found.add(DocReader.read(p, spool).complete(Map.of()));
                case "missing" -> {
                    if (v == JsonToken.VALUE_STRING) {
                        notFound.add(new FetchResult.NotFound(id, revOrNull(p.getText()), "missing"));
                    } else {
                        p.skipChildren();
                    }
                }
                case "error" -> notFound.add(error(p, rev -> id));
                default -> p.skipChildren();
            }
        }
    }

    /** Reads an error object: {@code rev}, {@code error}, {@code reason}, maybe {@code id}, or {@code missing}. */
    private static FetchResult.NotFound error(JsonParser p, Function<Rev, String> idOf) throws IOException {
        String id = null;
        String rev = null;
        String reason = null;
        String error = null;
        if (p.currentToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "rev", "missing" -> rev = p.getValueAsString();
                    case "reason" -> reason = p.getValueAsString();
                    case "error" -> error = p.getValueAsString();
                    case "id" -> id = p.getValueAsString();
                    default -> p.skipChildren();
                }
            }
        }
        Rev parsed = revOrNull(rev);
        String why = error == null ? (reason == null ? "missing" : reason) : error + ": " + reason;
        return new FetchResult.NotFound(id != null ? id : idOf.apply(parsed), parsed, why);
    }

    private static Rev revOrNull(String rev) {
        try {
            return rev == null ? null : Rev.parse(rev);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
