package io.couchrepl.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one Jackson configuration of couchrepl: every parser, generator and tree comes from here.
 *
 * <p>Documents may hold inline attachments of any size (base64 strings), numbers of any length
 * (kept as their text), and deep nesting: Jackson's defaults would refuse documents CouchDB holds.
 */
public final class Jackson {

    public static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNestingDepth(10_000)
                    .maxNumberLength(100_000)
                    .build())
            .build();

    private Jackson() {}

    /**
     * The object mapper, built on first use: building one costs a short command about a quarter of a
     * second of CPU, so the paths every pull takes read and write JSON as streams.
     */
    public static ObjectMapper mapper() {
        return MapperHolder.MAPPER;
    }

    private static final class MapperHolder {
        static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);
    }
}
