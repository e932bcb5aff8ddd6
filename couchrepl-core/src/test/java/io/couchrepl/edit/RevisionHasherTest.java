package io.couchrepl.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.couchrepl.protocol.Rev;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Revision ids against ids CouchDB 3.5.0 gave: the worked examples of EXCHANGES.md section 10, and
 * answers recorded from the same server for the cases that are easy to get wrong.
 */
class RevisionHasherTest {

    private static Rev next(String parent, boolean deleted, String body) {
        return RevisionHasher.next(Optional.ofNullable(parent).map(Rev::parse), deleted, body);
    }

    @Test
    void aFirstRevisionHashesTheBodyWithNoParent() {
        assertThat(next(null, false, "{\"name\": \"identical\", \"n\": 1}"))
                .isEqualTo(Rev.parse("1-269e23421d4eb2da03b2d135979096b1"));
    }

    @Test
    void anUpdateHashesItsParentsGenerationAndHashBytes() {
        assertThat(next("1-269e23421d4eb2da03b2d135979096b1", false, "{\"name\": \"identical\", \"n\": 2}"))
                .isEqualTo(Rev.parse("2-b87ec53eeb2efda05649881b7ae51211"));
    }

    @Test
    void aDeleteHashesAnEmptyBodyMarkedDeleted() {
        assertThat(next("2-b87ec53eeb2efda05649881b7ae51211", true, "{}"))
                .isEqualTo(Rev.parse("3-1c108f04b1398349cfb743e3fcdb9e01"));
    }

    @Test
    void oneAndOnePointZeroAreDifferentBodies() {
        assertThat(next(null, false, "{\"name\": \"identical\", \"n\": 1.0}"))
                .isEqualTo(Rev.parse("1-2e67b6304aff5c31d1577951f41a6a02"));
    }

    @Test
    void theEmptyBodyHashesAsCouchDbDoes() {
        assertThat(next(null, false, "{}")).isEqualTo(Rev.parse("1-967a00dff5e02add41819138abb3284d"));
    }

    @Test
    void aRepeatedKeyKeepsItsLastValueInItsLastPlace() {
        // CouchDB answered 1-d720... and returned the body as {"c":3,"a":4,"b":5}.
        assertThat(next(null, false, "{\"a\":1,\"b\":2,\"c\":3,\"a\":4,\"b\":5}"))
                .isEqualTo(next(null, false, "{\"c\":3,\"a\":4,\"b\":5}"))
                .isEqualTo(Rev.parse("1-d720de1b4404c324e494f25738d35d69"));
    }

    @Test
    void negativeZeroAndExponentsAreDoublesAndMinusZeroIsTheIntegerZero() {
        assertThat(next(null, false, "{\"n\":-0.0,\"m\":-0,\"e\":1E2,\"f\":1.5e-3}"))
                .isEqualTo(Rev.parse("1-98194c08c024b9f7d27ddc967731c65d"));
    }

    @Test
    void aParentHashThatIsNotThirtyTwoHexDigitsIsHashedAsItsText() {
        assertThat(next("1-abc", false, "{\"v\":1}")).isEqualTo(Rev.parse("2-faee4c0d7be6f35f158e17bb137f693c"));
    }

    @Test
    void theDocumentIdIsNotPartOfTheHash() {
        DocEdit a = DocEdit.parse("same", "{\"name\": \"identical\", \"n\": 1}");
        DocEdit b = DocEdit.parse("other", "{\"name\": \"identical\", \"n\": 1}");
        assertThat(RevisionHasher.next(a.parent(), a.deleted(), a.body(), List.of()))
                .isEqualTo(RevisionHasher.next(b.parent(), b.deleted(), b.body(), List.of()));
    }

    @Test
    void attachmentDigestsMustBeMd5() {
        assertThatThrownBy(() -> new RevisionHasher.AttachmentDigest("a.txt", "text/plain", "sha1-abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attachment a.txt has digest sha1-abc: CouchDB's revision ids hash MD5 digests only");
    }
}
