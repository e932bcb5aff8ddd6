package io.couchrepl.attachments;

import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Optional;

/** CouchDB's attachment digest, {@code md5-} and the base64 of the 16 bytes of an MD5. */
public final class Md5Digest {

    private static final String PREFIX = "md5-";

    private Md5Digest() {}

    /** The digest of the given MD5 bytes, as CouchDB writes it. */
    public static String of(byte[] md5) {
        return PREFIX + Base64.getEncoder().encodeToString(md5);
    }

    /** The digest of everything the stream yields, read to its end (the caller closes it). */
    public static String of(InputStream in) throws IOException {
        DigestingStream digesting = new DigestingStream(in);
        digesting.drain();
        return of(digesting.md5());
    }

    /** The MD5 bytes a digest names; empty for another algorithm or a malformed value. */
    public static Optional<byte[]> bytesOf(String digest) {
        if (!digest.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            byte[] md5 = Base64.getDecoder().decode(digest.substring(PREFIX.length()));
            return md5.length == 16 ? Optional.of(md5) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
