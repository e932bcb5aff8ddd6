package io.couchrepl.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The bytes of an attachment as stored: encoded (gzip) when the attachment's {@code encoding} says
 * so, otherwise as they are. Readable as often as needed until {@link #release()}.
 *
 * <p>Large bodies live in files, never in one byte array: a source spools what it downloads to a
 * temporary file, a store hands out the file it keeps. Implementations are safe to read from
 * several threads, each through its own {@link #open()} stream.
 */
public interface AttachmentBody {

    /** How many bytes {@link #open()} yields. */
    long size();

    /** A new stream over the bytes, from the first; the caller closes it. */
    InputStream open() throws IOException;

    /**
     * Frees what holds the bytes (a spooled temporary file); the body must not be read afterwards.
     * Does nothing for bodies a store owns. Called once a replication has written the revision.
     */
    default void release() {}

    /** A body held in memory: for small attachments and tests. The array is not copied. */
    static AttachmentBody of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new AttachmentBody() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        };
    }

    /** A body in a file someone else owns (a store's own copy): {@link #release()} leaves it alone. */
    static AttachmentBody ofFile(Path file, long size) {
        Objects.requireNonNull(file, "file");
        return new AttachmentBody() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }
        };
    }
}
