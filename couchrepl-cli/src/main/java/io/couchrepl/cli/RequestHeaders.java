package io.couchrepl.cli;

import io.couchrepl.http.ClientOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code --header "Name: value"} options, as name and value; a malformed one is a one-line error. */
final class RequestHeaders {

    private RequestHeaders() {}

    /**
     * Names and values in the order given; the message of a mistake never shows a value (it may be
     * a key). {@link ClientOptions} checks the rest (a name given twice in another case, the client's own).
     */
    static Map<String, String> parse(List<String> headers) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (int i = 0; i < headers.size(); i++) {
            String header = headers.get(i);
            int colon = header.indexOf(':');
            String name = colon < 0 ? "" : header.substring(0, colon).strip();
            if (colon < 0 || !ClientOptions.isHeaderName(name)) {
                throw new IllegalArgumentException("--header must be \"Name: value\" with a name of letters, digits"
                        + " and -, got something else in --header number " + (i + 1));
            }
            if (parsed.put(name, header.substring(colon + 1).strip()) != null) {
                throw new IllegalArgumentException("--header " + name + " is given twice");
            }
        }
        return parsed;
    }
}
