package io.couchrepl.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DocRevisionTest {

    @Test
    void printsTheDocumentAsCouchDbReturnsItWithRevisions() {
        DocRevision doc = new DocRevision("a\"b", Rev.parse("2-bb"), false, List.of("bb", "aa"), "{\"v\":1.10,\"n\":null}");
        assertThat(doc.toCouchJson()).isEqualTo(
                "{\"_id\":\"a\\\"b\",\"_rev\":\"2-bb\",\"v\":1.10,\"n\":null,\"_revisions\":{\"start\":2,\"ids\":[\"bb\",\"aa\"]}}");
    }

    @Test
    void marksTombstonesDeleted() {
        DocRevision tombstone = new DocRevision("d", Rev.parse("3-cc"), true, List.of("cc", "bb"), "{}");
        assertThat(tombstone.toCouchJson()).isEqualTo(
                "{\"_id\":\"d\",\"_rev\":\"3-cc\",\"_deleted\":true,\"_revisions\":{\"start\":3,\"ids\":[\"cc\",\"bb\"]}}");
    }

    @Test
    void givesItsPathNewestFirst() {
        DocRevision doc = new DocRevision("x", Rev.parse("3-c"), false, List.of("c", "b", "a"), "{}");
        assertThat(doc.path()).containsExactly(Rev.parse("3-c"), Rev.parse("2-b"), Rev.parse("1-a"));
    }

    @Test
    void refusesAHistoryThatDoesNotStartWithItsOwnHash() {
        assertThatThrownBy(() -> new DocRevision("x", Rev.parse("2-b"), false, List.of("a"), "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must start with its own hash");
    }
}
