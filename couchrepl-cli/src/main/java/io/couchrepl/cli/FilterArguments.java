package io.couchrepl.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.couchrepl.json.Jackson;
import io.couchrepl.json.JsonStrings;
import io.couchrepl.protocol.ChangesFilter;
import io.couchrepl.protocol.Seq;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns the filter and start flags of {@code pull} into protocol values, refusing what does not fit with the flag's name. */
final class FilterArguments {

    // Without this, "12-g1AAAA" would read as the number 12 and the rest be dropped.
    private static final ObjectReader JSON = Jackson.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private FilterArguments() {}

    static Optional<ChangesFilter> filter(List<String> docIds, String selector, String filter, Map<String, String> params) {
        int chosen = (docIds.isEmpty() ? 0 : 1) + (selector == null ? 0 : 1) + (filter == null ? 0 : 1);
        if (chosen > 1) {
            throw new IllegalArgumentException("choose one of --doc-id, --selector and --filter");
        }
        if (!params.isEmpty() && filter == null) {
            throw new IllegalArgumentException("--param goes with --filter");
        }
        if (!docIds.isEmpty()) {
            return Optional.of(new ChangesFilter.DocIds(docIds));
        }
        if (selector != null) {
            JsonNode parsed;
            try {
                parsed = JSON.readTree(selector);
            } catch (IOException e) {
                throw new IllegalArgumentException("--selector is not JSON: " + selector);
            }
            if (parsed == null || !parsed.isObject()) {
                throw new IllegalArgumentException("--selector must be a JSON object, got: " + selector);
            }
            return Optional.of(new ChangesFilter.Selector(parsed.toString()));
        }
        if (filter != null) {
            try {
                return Optional.of(new ChangesFilter.Named(filter, params));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--filter must be DESIGN_DOC/FILTER, got \"" + filter + "\"");
            }
        }
        return Optional.empty();
    }

    /**
     * A sequence as typed: JSON as it is ({@code 0}, {@code "12-g1AA..."} with its quotes), anything
     * else as a string, so a CouchDB sequence can be pasted without quoting.
     */
    static Seq seq(String text) {
        try {
            JsonNode parsed = JSON.readTree(text);
            if (parsed != null && !parsed.isMissingNode()) {
                return new Seq(parsed.toString());
            }
        } catch (IOException notJson) {
            // a bare CouchDB sequence such as 12-g1AAAA
        }
        return new Seq(JsonStrings.quoted(text));
    }
}
