package io.couchrepl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.protocol.Rev;
import io.couchrepl.store.SqliteStore;
import io.couchrepl.testing.ServerKind;
import io.couchrepl.testing.StoredAttachments;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory bound: a 200 MB attachment replicates with the JVM at {@code -Xmx64m}, and {@code cat}
 * writes it back out under the same bound, byte-identical.
 */
class LargeAttachmentTest {

    /** The JVM of the command, as a user would limit it. */
    private static final Map<String, String> SMALL_HEAP = Map.of("JAVA_TOOL_OPTIONS", "-Xmx64m");

    @TempDir
    Path tmp;

    private TestDb db;

    @AfterEach
    void dropDatabase() {
        if (db != null) {
            db.drop();
        }
    }

    /**
     * CouchDB gets the 200 MB of the issue. PouchDB Server keeps every attachment in memory and sends
     * it as one base64 string, which its Node heap does not survive at that size; it gets 40 MB, still
     * far beyond the 64 MB heap once base64-encoded and decoded.
     */
    private static long size(ServerKind kind) {
        return kind == ServerKind.COUCHDB ? 200L * 1024 * 1024 : 40L * 1024 * 1024;
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aLargeAttachmentReplicatesAndComesBackOutWithA64MegabyteHeap() throws Exception {
        db = TestServer.shared().createDb("large");
        long size = size(db.server().kind());
        String digest = digestOf(new SeededBytes(size, 42));
        String rev = db.putAttachment("big", null, "video.bin", "application/octet-stream",
                () -> new SeededBytes(size, 42), size);
        Path store = tmp.resolve("store.db");

        CliRun pull = CliProcess.run(SMALL_HEAP, "pull", db.url(), store.toString());

        assertThat(pull.exitCode()).as(pull.err()).isZero();
        assertThat(pull.err()).as("the JVM took the heap limit").contains("Picked up JAVA_TOOL_OPTIONS: -Xmx64m")
                .doesNotContain("OutOfMemoryError");
        try (SqliteStore held = SqliteStore.open(store)) {
            StoredAttachments stored = (id, r, name) -> held.attachment(id, Rev.parse(r), name)
                    .map(a -> new StoredAttachments.Body(a.body().orElseThrow()::open, a.isEncoded()));
            assertThat(stored.assertHoldEveryLeafAttachmentOf(db)).isEqualTo(1);
            assertThat(held.attachment("big", Rev.parse(rev), "video.bin").orElseThrow().digest()).isEqualTo(digest);
        }

        Process cat = CliProcess.builder(SMALL_HEAP, "cat", store.toString(), "big", "video.bin")
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        String written;
        long count;
        try (InputStream out = cat.getInputStream()) {
            CountingDigest counted = new CountingDigest(out);
            written = counted.digest();
            count = counted.count;
        }
        String err = new String(cat.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cat.waitFor()).as(err).isZero();
        assertThat(count).isEqualTo(size);
        assertThat(written).isEqualTo(digest);
    }

    private static String digestOf(InputStream in) throws Exception {
        try (in) {
            return new CountingDigest(in).digest();
        }
    }

    /** Reads a stream to its end, counting and digesting it. */
    private static final class CountingDigest {
        private final MessageDigest md5 = md5();
        private long count;

        CountingDigest(InputStream in) throws IOException {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                md5.update(buffer, 0, n);
                count += n;
            }
        }

        String digest() {
            return "md5-" + Base64.getEncoder().encodeToString(md5.digest());
        }

        private static MessageDigest md5() {
            try {
                return MessageDigest.getInstance("MD5");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** {@code size} pseudo-random bytes, the same for the same seed, made as they are read. */
    private static final class SeededBytes extends InputStream {
        private final Random random;
        private final byte[] block = new byte[1 << 16];
        private long left;
        private int pos = block.length;

        SeededBytes(long size, long seed) {
            this.left = size;
            this.random = new Random(seed);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            if (pos == block.length) {
                random.nextBytes(block);
                pos = 0;
            }
            int n = (int) Math.min(Math.min(len, block.length - pos), left);
            System.arraycopy(block, pos, b, off, n);
            pos += n;
            left -= n;
            return n;
        }
    }
}
