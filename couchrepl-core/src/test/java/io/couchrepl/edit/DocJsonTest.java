package io.couchrepl.edit;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Answers in CouchDB 3.5.0's field order (as recorded from it: {@code _deleted} after the fields, {@code _conflicts} last). */
class DocJsonTest {

    private static DocRevision revision(String rev, boolean deleted, String body) {
        return new DocRevision("c", Rev.parse(rev), deleted, List.of(Rev.parse(rev).hash()), body);
    }

    @Test
    void writesAnEditResult() {
        assertThat(DocJson.ok("a \"quoted\" \u00e9", Rev.parse("1-abc")))
                .isEqualTo("{\"ok\":true,\"id\":\"a \\\"quoted\\\" \u00e9\",\"rev\":\"1-abc\"}");
    }

    @Test
    void writesIdRevFieldsDeletedThenConflicts() {
        assertThat(DocJson.doc(revision("2-bbb", false, "{\"v\":\"b\"}"), List.of(Rev.parse("1-ccc"))))
                .isEqualTo("{\"_id\":\"c\",\"_rev\":\"2-bbb\",\"v\":\"b\",\"_conflicts\":[\"1-ccc\"]}");
        assertThat(DocJson.doc(revision("3-000", true, "{\"v\":\"0\"}"), List.of()))
                .isEqualTo("{\"_id\":\"c\",\"_rev\":\"3-000\",\"v\":\"0\",\"_deleted\":true}");
        assertThat(DocJson.doc(revision("2-ddd", true, " { } "), List.of()))
                .isEqualTo("{\"_id\":\"c\",\"_rev\":\"2-ddd\",\"_deleted\":true}");
    }

    @Test
    void writesOpenRevsAsOkEntries() {
        assertThat(DocJson.openRevs(List.of(revision("1-ccc", false, "{\"v\":\"c\"}"), revision("3-000", true, "{}"))))
                .isEqualTo("[{\"ok\":{\"_id\":\"c\",\"_rev\":\"1-ccc\",\"v\":\"c\"}},"
                        + "{\"ok\":{\"_id\":\"c\",\"_rev\":\"3-000\",\"_deleted\":true}}]");
    }
}
