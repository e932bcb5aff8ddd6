package io.couchrepl.protocol;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/** Which documents a changes feed lists; part of a replication's identity. */
public sealed interface ChangesFilter {

    /** A canonical text of the filter, the same for the same selection, for the replication id. */
    String canonical();

    /** {@code filter=_doc_ids}: only these documents. */
    record DocIds(List<String> ids) implements ChangesFilter {
        public DocIds {
            ids = List.copyOf(new TreeSet<>(ids));
            if (ids.isEmpty()) {
                throw new IllegalArgumentException("a doc_ids filter needs at least one id");
            }
        }

        @Override
        public String canonical() {
            return "_doc_ids:" + String.join("\u0000", ids);
        }
    }

    /** {@code filter=_selector}: documents a Mango selector matches; {@code json} is the selector object. */
    record Selector(String json) implements ChangesFilter {
        public Selector {
            Objects.requireNonNull(json, "json");
            json = json.strip();
            if (!json.startsWith("{") || !json.endsWith("}")) {
                throw new IllegalArgumentException("a selector must be a JSON object, got: " + json);
            }
        }

        @Override
        public String canonical() {
            return "_selector:" + json;
        }
    }

    /** A filter function of a design document, {@code ddoc/name}, with its query parameters. */
    record Named(String name, Map<String, String> queryParams) implements ChangesFilter {
        public Named {
            Objects.requireNonNull(name, "name");
            if (!name.matches("[^/]+/[^/]+")) {
                throw new IllegalArgumentException("a filter name must be DESIGN_DOC/FILTER, got \"" + name + "\"");
            }
            queryParams = Map.copyOf(new TreeMap<>(queryParams));
        }

        @Override
        public String canonical() {
            return "filter:" + name + new TreeMap<>(queryParams);
        }
    }
}
