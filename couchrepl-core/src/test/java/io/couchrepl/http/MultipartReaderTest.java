package io.couchrepl.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MultipartReaderTest {

    private static List<String> partTypes(MultipartReader reader) throws IOException {
        List<String> types = new ArrayList<>();
        MultipartReader.Part part;
        while ((part = reader.next()) != null) {
            types.add(part.header("Content-Type"));
        }
        return types;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 40, 100_000})
    void readsTheBulkGetFormWithItsLeadingCrlfAndDashedBoundaryWhateverTheReadSizes(int piece) throws IOException {
        MultipartReader reader = new MultipartReader(Recorded.inPieces(Recorded.bulkGet(), piece),
                "--c58e17d2d06f46434ee4546d68eec43e", "test");

        MultipartReader.Part plain = reader.next();
        assertThat(new String(plain.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(Recorded.PLAIN);
        MultipartReader.Part related = reader.next();
        assertThat(related.header("X-Doc-Id")).isEqualTo("att");
        MultipartReader inner = new MultipartReader(related.body(),
                related.contentType().param("boundary").orElseThrow(), "test");
        assertThat(new String(inner.next().body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(Recorded.ATT);
        MultipartReader.Part bin = inner.next();
        assertThat(bin.header("content-disposition")).isEqualTo("attachment; filename=\"b.bin\"");
        assertThat(bin.body().readAllBytes()).isEqualTo(Recorded.B_BIN);
        MultipartReader.Part txt = inner.next();
        assertThat(txt.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(txt.body().readAllBytes()).isEqualTo(Recorded.A_TXT_GZIP);
        assertThat(inner.next()).isNull();
        assertThat(partTypes(reader))
                .containsExactly("application/json; error=\"true\"", "application/json");
        assertThat(reader.next()).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 100_000})
    void readsTheOpenRevsFormWithoutCrlfAroundItsDelimiters(int piece) throws IOException {
        MultipartReader reader = new MultipartReader(Recorded.inPieces(Recorded.openRevs(), piece),
                "282a7b160dd8e969194cc6db5eabf5ee", "test");

        assertThat(partTypes(reader)).containsExactly(
                "multipart/related; boundary=\"1e7c4620cf0dffb908dc7176b40ed23f\"",
                "application/json; error=\"true\"");
    }

    @Test
    void streamsALargePartWhoseBytesLookLikeDelimitersWithoutEndingIt() throws IOException {
        byte[] body = new byte[3_000_000];
        new Random(7).nextBytes(body);
        // Prefixes of the delimiter, each broken off before it is complete.
        byte[] almost = "\r\n--boundarX\r\n--boundar\r\r\n-".getBytes(StandardCharsets.ISO_8859_1);
        for (int at = 0; at + almost.length < body.length; at += 65_531) {
            System.arraycopy(almost, 0, body, at, almost.length);
        }
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        answer.writeBytes("--boundary\r\nContent-Type: application/octet-stream\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        answer.writeBytes(body);
        answer.writeBytes("\r\n--boundary--\r\n".getBytes(StandardCharsets.ISO_8859_1));

        MultipartReader reader = new MultipartReader(Recorded.inPieces(answer.toByteArray(), 8191), "boundary", "test");
        InputStream part = reader.next().body();
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[5000];
        int n;
        while ((n = part.read(buffer)) > 0) {
            read.write(buffer, 0, n);
        }

        assertThat(read.toByteArray()).isEqualTo(body);
        assertThat(reader.next()).isNull();
    }

    @Test
    void skipsWhatThePreviousPartLeftUnread() throws IOException {
        MultipartReader reader = new MultipartReader(Recorded.inPieces(Recorded.bulkGet(), 5),
                "--c58e17d2d06f46434ee4546d68eec43e", "test");

        assertThat(partTypes(reader)).hasSize(4);
    }

    @Test
    void aBodyCutShortBrokeOffAndIsNotTakenForItsEnd() {
        byte[] whole = Recorded.openRevs();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
        MultipartReader reader = new MultipartReader(Recorded.inPieces(cut, 100), "282a7b160dd8e969194cc6db5eabf5ee",
                "GET open_revs");

        assertThatThrownBy(() -> partTypes(reader))
                .isInstanceOf(EOFException.class)
                .hasMessageStartingWith("GET open_revs: the multipart answer broke off: the body ended");
    }
}
