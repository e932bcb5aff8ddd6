package io.couchrepl.attachments;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** A stream that computes the MD5 and counts the bytes of everything read through it. */
final class DigestingStream extends FilterInputStream {

    private final MessageDigest md5;
    private long count;

    DigestingStream(InputStream in) {
        super(in);
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            md5.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            md5.update(b, off, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes would escape the digest: read them instead.
        return transferTo(OutputStream.nullOutputStream(), n);
    }

    private long transferTo(OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[8192];
        long done = 0;
        while (done < limit) {
            int n = read(buffer, 0, (int) Math.min(buffer.length, limit - done));
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
            done += n;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Reads whatever the consumer left unread, so the digest covers the whole body. */
    void drain() throws IOException {
        transferTo(OutputStream.nullOutputStream(), Long.MAX_VALUE);
    }

    long count() {
        return count;
    }

    byte[] md5() {
        return md5.digest();
    }
}
