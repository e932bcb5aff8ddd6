package io.couchrepl.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.protocol.Attachment;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.FetchResult;
import io.couchrepl.protocol.Rev;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MultipartRevisionsTest {

    private final AttachmentSpool spool = new AttachmentSpool();
    private final List<DocRevision> found = new ArrayList<>();
    private final List<FetchResult.NotFound> notFound = new ArrayList<>();

    @AfterEach
    void closeSpool() {
        spool.close();
    }

    private static byte[] bytesOf(Attachment attachment) throws IOException {
        try (InputStream in = attachment.body().orElseThrow().open()) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsBulkGetRevisionsWithTheirAttachmentBodiesAsStored() throws IOException {
        MultipartRevisions.parse(Recorded.inPieces(Recorded.bulkGet(), 13), ContentType.parse(Recorded.BULK_GET_TYPE),
                "_bulk_get", rev -> "plain", spool, found, notFound);

        assertThat(found).extracting(DocRevision::id).containsExactly("plain", "att", "del");
        DocRevision att = found.get(1);
        assertThat(att.body()).isEqualTo("{\"title\":\"with attachments\"}");
        assertThat(att.attachments()).extracting(Attachment::name).containsExactly("b.bin", "a.txt");
        Attachment bin = att.attachments().get(0);
        assertThat(bin.encoding()).isEqualTo(Attachment.IDENTITY);
        assertThat(bytesOf(bin)).isEqualTo(Recorded.B_BIN);
        Attachment txt = att.attachments().get(1);
        assertThat(txt.encoding()).isEqualTo("gzip");
        assertThat(txt.length()).isEqualTo(19);
        assertThat(txt.encodedLength()).isEqualTo(39);
        assertThat(bytesOf(txt)).isEqualTo(Recorded.A_TXT_GZIP);
        assertThat(found.get(2).deleted()).isTrue();
        assertThat(notFound).containsExactly(new FetchResult.NotFound("plain",
                Rev.parse("3-ffffffffffffffffffffffffffffffff"), "not_found: missing"));
    }

    @Test
    void readsOpenRevsRevisionsAndTheirMissingOnes() throws IOException {
        MultipartRevisions.parse(Recorded.inPieces(Recorded.openRevs(), 1), ContentType.parse(Recorded.OPEN_REVS_TYPE),
                "open_revs", rev -> "att", spool, found, notFound);

        assertThat(found).hasSize(1);
        assertThat(found.get(0).attachments()).extracting(Attachment::isStub).containsExactly(false, false);
        assertThat(notFound).containsExactly(new FetchResult.NotFound("att",
                Rev.parse("3-ffffffffffffffffffffffffffffffff"), "missing"));
    }
}
