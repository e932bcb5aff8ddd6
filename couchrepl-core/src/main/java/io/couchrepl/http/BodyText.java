package io.couchrepl.http;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;

/**
 * Where document bodies are copied to: one generator per thread, writing into a buffer that is
 * reused from one document to the next, so copying a body allocates little more than its String.
 *
 * <p>A generator and its buffers per document cost about a tenth of the client's CPU on a large
 * pull. Use: {@link #start()}, write one value with {@link #generator()}, then {@link #finish()} for
 * its text; after a failure {@link #discard()}, so the next document starts from a fresh generator.
 */
final class BodyText extends Writer {

    /** A buffer grown past this by one large document is dropped rather than kept for the thread's life. */
    private static final int KEEP_CHARS = 1 << 20;

    private static final ThreadLocal<BodyText> PER_THREAD = ThreadLocal.withInitial(BodyText::new);

    private StringBuilder text = new StringBuilder(4096);
    private JsonGenerator generator;

    private BodyText() {}

    /** This thread's buffer, empty. */
    static BodyText start() throws IOException {
        BodyText body = PER_THREAD.get();
        if (body.generator == null) {
            body.generator = Json.FACTORY.createGenerator(body);
            // Bodies are written one after the other as root values: without a separator between them.
            body.generator.setRootValueSeparator(null);
        }
        body.text.setLength(0);
        return body;
    }

    JsonGenerator generator() {
        return generator;
    }

    /** The text of the value written since {@link #start()}. */
    String finish() throws IOException {
        generator.flush();
        String out = text.toString();
        if (text.capacity() > KEEP_CHARS) {
            text = new StringBuilder(4096);
        } else {
            text.setLength(0);
        }
        return out;
    }

    /** Forgets a value left half written by a failure. */
    void discard() {
        PER_THREAD.remove();
    }

    @Override
    public void write(char[] chars, int off, int len) {
        text.append(chars, off, len);
    }

    @Override
    public void write(String s, int off, int len) {
        text.append(s, off, off + len);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
