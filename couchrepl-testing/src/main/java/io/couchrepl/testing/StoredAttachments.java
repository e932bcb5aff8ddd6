package io.couchrepl.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * What a replication target holds of attachments, as a test sees it: the stored bytes of an
 * attachment of a revision. {@link #assertHoldEveryLeafAttachmentOf} checks them all against the
 * server, by digest, without holding a body in memory.
 */
@FunctionalInterface
public interface StoredAttachments {

  /** Opens the bytes of one attachment as the store keeps them. */
  @FunctionalInterface
  interface Opener {
    InputStream open() throws IOException;
  }

  /** The bytes of one attachment as the store keeps them: gzip-encoded when {@code gzip}. */
  record Body(Opener bytes, boolean gzip) {}

  /** The attachment {@code name} of revision {@code rev} of a document, if the store holds it. */
  Optional<Body> find(String docId, String rev, String name) throws IOException;

  /**
   * For every attachment of every leaf revision of {@code db} (as {@link TestDb#leaves()} lists
   * them): the store holds it, its stored bytes have the digest the server gives, and decoded they
   * are the bytes the server serves for it. Returns how many attachments were checked.
   */
  default int assertHoldEveryLeafAttachmentOf(TestDb db) {
    int checked = 0;
    for (String leafJson : db.leaves()) {
      JsonNode leaf = Json.parse(leafJson);
      String id = leaf.path("_id").asText();
      String rev = leaf.path("_rev").asText();
      Iterator<Map.Entry<String, JsonNode>> attachments = leaf.path("_attachments").fields();
      while (attachments.hasNext()) {
        Map.Entry<String, JsonNode> attachment = attachments.next();
        String name = attachment.getKey();
        String what = "attachment " + name + " of " + id + " " + rev;
        Body body;
        try {
          body = find(id, rev, name).orElse(null);
        } catch (IOException e) {
          throw new UncheckedIOException("reading " + what + " from the store", e);
        }
        if (body == null) {
          fail("the store lacks " + what);
        }
        String[] stored;
        try (InputStream in = body.bytes().open()) {
          stored = digests(in, body.gzip());
        } catch (IOException e) {
          throw new UncheckedIOException("reading " + what + " from the store", e);
        }
        assertEquals(attachment.getValue().path("digest").asText(), stored[0], "digest of the stored bytes of " + what);
        String served;
        try (InputStream in = db.openAttachment(id, rev, name)) {
          served = digests(in, false)[1];
        } catch (IOException e) {
          throw new UncheckedIOException("reading " + what + " from the server", e);
        }
        assertEquals(served, stored[1], "MD5 of the content of " + what + ", decoded, against what the server serves");
        checked++;
      }
    }
    return checked;
  }

  /** {@code md5-} of the bytes as they are, and of their decoded content. */
  private static String[] digests(InputStream in, boolean gzip) throws IOException {
    MessageDigest raw = md5();
    MessageDigest decoded = md5();
    DigestInputStream rawIn = new DigestInputStream(in, raw);
    InputStream content = gzip ? new GZIPInputStream(rawIn, 64 * 1024) : rawIn;
    try (DigestInputStream decodedIn = new DigestInputStream(content, decoded)) {
      decodedIn.transferTo(OutputStream.nullOutputStream());
      rawIn.transferTo(OutputStream.nullOutputStream()); // gzip trailers, if any
    }
    return new String[] {
      "md5-" + Base64.getEncoder().encodeToString(raw.digest()),
      "md5-" + Base64.getEncoder().encodeToString(decoded.digest())
    };
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
