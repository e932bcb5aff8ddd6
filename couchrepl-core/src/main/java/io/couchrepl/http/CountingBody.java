package io.couchrepl.http;

import com.fasterxml.jackson.core.JsonLocation;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An answer's body that counts what it delivered and sees its end, to tell an answer that broke off
 * (the JSON stops where the bytes stop: worth a retry) from one that is wrong (an error before the end).
 */
final class CountingBody extends FilterInputStream {

    /** Bytes a parser may report before the end for an answer that was only cut short. */
    private static final int TRUNCATED_TOKEN_SLACK = 64;

    private long count;
    private boolean ended;

    CountingBody(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            ended = true;
        } else {
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            ended = true;
        } else {
            count += n;
        }
        return n;
    }

    long count() {
        return count;
    }

    /**
     * Whether the body ended and a parser failing at {@code where} failed for want of more bytes: the
     * body is empty, or the failure lies within its last bytes (a cut inside a literal, the "tr" of
     * {@code true}, is reported where the literal starts). A failure whose place is unknown counts
     * only for an empty body: a wrong answer is not retried.
     */
    boolean endedAt(JsonLocation where) {
        if (!ended) {
            return false;
        }
        if (count == 0) {
            return true;
        }
        long offset = where == null ? -1 : where.getByteOffset();
        return offset >= 0 && offset >= count - TRUNCATED_TOKEN_SLACK;
    }
}
