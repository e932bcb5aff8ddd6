package io.couchrepl.store;

import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import java.util.ArrayList;
import java.util.List;

/** Hand-built replicated revisions for store tests. */
final class Revisions {

    private Revisions() {}

    /** A live revision whose body names it, with its ancestors' hashes newest first. */
    static DocRevision revision(String id, String rev, String... ancestorHashes) {
        return new DocRevision(id, Rev.parse(rev), false, history(rev, ancestorHashes), "{\"v\":\"" + rev + "\"}");
    }

    /** A deleted revision (tombstone) with its ancestors' hashes newest first. */
    static DocRevision tombstone(String id, String rev, String... ancestorHashes) {
        return new DocRevision(id, Rev.parse(rev), true, history(rev, ancestorHashes), "{}");
    }

    static Rev rev(String rev) {
        return Rev.parse(rev);
    }

    private static List<String> history(String rev, String... ancestorHashes) {
        List<String> history = new ArrayList<>();
        history.add(Rev.parse(rev).hash());
        history.addAll(List.of(ancestorHashes));
        return history;
    }
}
