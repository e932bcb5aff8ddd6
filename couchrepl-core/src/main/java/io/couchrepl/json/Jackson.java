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

    public static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private Jackson() {}
}
