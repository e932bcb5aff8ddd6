package io.couchrepl.http;

import io.couchrepl.protocol.AttachmentBody;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a source keeps the attachment bodies it downloads until the target has written them: small
 * ones in memory, within a budget, the rest in temporary files under {@code java.io.tmpdir}. A body
 * is deleted when released, and whatever is left when the spool closes.
 *
 * <p>Bodies are written as they arrive, never gathered into one array, so memory stays small
 * whatever the attachment's size. Thread-safe: concurrent fetches share one spool.
 */
final class AttachmentSpool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AttachmentSpool.class);

    /** Bodies up to this size may stay in memory. */
    static final int SMALL = 16 * 1024;
    /** At most this many bytes of small bodies stay in memory at once; more go to files. */
    static final long MEMORY_BUDGET = 4L * 1024 * 1024;

    private final AtomicLong inMemory = new AtomicLong();
    private final Set<Path> files = ConcurrentHashMap.newKeySet();
    private Path dir;
    private boolean closed;

    /** A place to write one body to; {@link Output#finish()} turns it into the body. */
    Output open() {
        return new Output();
    }

    /** Reads a stream to its end into a body. */
    AttachmentBody spool(InputStream in) throws IOException {
        Output out = open();
        try {
            in.transferTo(out);
            return out.finish();
        } catch (IOException | RuntimeException e) {
            out.abandon();
            throw e;
        }
    }

    private synchronized Path newFile() throws IOException {
        if (closed) {
            throw new IOException("the attachment spool is closed");
        }
        if (dir == null) {
            dir = Files.createTempDirectory("couchrepl-spool-");
        }
        Path file = Files.createTempFile(dir, "attachment-", ".part");
        files.add(file);
        return file;
    }

    private void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot delete spooled attachment {}: {}", file, e.getMessage());
        }
        files.remove(file);
    }

    /** How many spooled files are waiting to be released. */
    int filesInUse() {
        return files.size();
    }

    /** Deletes every body not released yet, and the spool's directory. */
    @Override
    public synchronized void close() {
        closed = true;
        for (Path file : Set.copyOf(files)) {
            delete(file);
        }
        if (dir != null) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                log.warn("cannot delete attachment spool {}: {}", dir, e.getMessage());
            }
        }
    }

    /** One body being written: in memory while small, then in a file. */
    final class Output extends OutputStream {
        private final ByteArrayOutputStream memory = new ByteArrayOutputStream();
        private Path file;
        private OutputStream fileOut;
        private long size;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (fileOut == null && memory.size() + len > SMALL) {
                toFile();
            }
            if (fileOut != null) {
                fileOut.write(b, off, len);
            } else {
                memory.write(b, off, len);
            }
            size += len;
        }

        private void toFile() throws IOException {
            file = newFile();
            fileOut = new java.io.BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
            memory.writeTo(fileOut);
            memory.reset();
        }

        /** The body written so far; this output is done. */
        AttachmentBody finish() throws IOException {
            if (fileOut == null) {
                long held = inMemory.addAndGet(size);
                if (held <= MEMORY_BUDGET) {
                    long kept = size;
                    return new SpooledBody(AttachmentBody.of(memory.toByteArray()), () -> inMemory.addAndGet(-kept));
                }
                inMemory.addAndGet(-size);
                toFile();
            }
            fileOut.close();
            Path spooled = file;
            return new SpooledBody(AttachmentBody.ofFile(spooled, size), () -> delete(spooled));
        }

        /** Drops what was written: the download failed. */
        void abandon() {
            if (fileOut != null) {
                try {
                    fileOut.close();
                } catch (IOException e) {
                    // Deleting it is all that is left to do.
                }
                delete(file);
            }
        }
    }

    /** A spooled body: reads as the bytes it wraps, and frees them once when released. */
    private static final class SpooledBody implements AttachmentBody {
        private final AttachmentBody bytes;
        private final Runnable free;
        private final AtomicBoolean released = new AtomicBoolean();

        SpooledBody(AttachmentBody bytes, Runnable free) {
            this.bytes = bytes;
            this.free = free;
        }

        @Override
        public long size() {
            return bytes.size();
        }

        @Override
        public InputStream open() throws IOException {
            return bytes.open();
        }

        @Override
        public void release() {
            if (released.compareAndSet(false, true)) {
                free.run();
            }
        }
    }
}
