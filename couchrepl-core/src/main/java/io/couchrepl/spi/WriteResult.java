package io.couchrepl.spi;

import io.couchrepl.protocol.Rev;
import java.util.List;

/** What a target did with a batch of revisions: every revision not listed as a failure is held. */
public record WriteResult(List<Failure> failures) {

    private static final WriteResult OK = new WriteResult(List.of());

    /** A revision the target refused, with CouchDB's {@code error} and {@code reason} words. */
    public record Failure(String id, Rev rev, String error, String reason) {}

    public WriteResult {
        failures = List.copyOf(failures);
    }

    public static WriteResult ok() {
        return OK;
    }
}
