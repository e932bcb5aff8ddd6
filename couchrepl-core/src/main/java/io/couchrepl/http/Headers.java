package io.couchrepl.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The headers of an answer, looked up by name whatever its case. */
final class Headers {

    private final Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    /** From {@link java.net.HttpURLConnection#getHeaderFields()}, whose status line has a null name. */
    Headers(Map<String, List<String>> fields) {
        fields.forEach((name, values) -> {
            if (name != null) {
                byName.put(name, List.copyOf(values));
            }
        });
    }

    Optional<String> first(String name) {
        List<String> values = byName.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    List<String> all(String name) {
        return byName.getOrDefault(name, List.of());
    }
}
