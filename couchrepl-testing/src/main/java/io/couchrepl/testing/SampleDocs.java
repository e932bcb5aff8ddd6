package io.couchrepl.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.StringJoiner;

/**
 * Fills a test database with documents that exercise the protocol: two-revision histories,
 * conflicting leaves, deleted leaves, ids that need encoding; written in one
 * {@code _bulk_docs?new_edits=false}, so the revisions are the same on every run.
 */
public final class SampleDocs {

    private SampleDocs() {}

    /** {@code count} documents: every 10th with a second leaf, every 7th with a deleted third revision. */
    public static void fill(TestDb db, int count) {
        StringJoiner docs = new StringJoiner(",", "[", "]");
        for (int i = 0; i < count; i++) {
            String id = id(i);
            String h1 = hash(id + "/1");
            String h2 = hash(id + "/2");
            docs.add(doc(id, 2, "\"" + h2 + "\",\"" + h1 + "\"", "\"i\":" + i + ",\"pad\":\"" + "x".repeat(80 + i % 40) + "\""));
            if (i % 10 == 0) {
                String other = hash(id + "/2b");
                docs.add(doc(id, 2, "\"" + other + "\",\"" + h1 + "\"", "\"i\":" + i + ",\"conflict\":true"));
            }
            if (i % 7 == 0) {
                docs.add(doc(id, 3, "\"" + hash(id + "/3") + "\",\"" + h2 + "\"", "\"_deleted\":true"));
            }
        }
        db.bulkDocs(docs.toString(), false);
    }

    /** The id of the i-th document. */
    public static String id(int i) {
        return switch (i % 13) {
            case 3 -> "with/slash-" + i;
            case 5 -> "ümlaut " + i;
            default -> String.format("doc-%04d", i);
        };
    }

    private static String doc(String id, int start, String ids, String fields) {
        String first = ids.substring(1, ids.indexOf('"', 1));
        return "{\"_id\":\"" + id + "\",\"_rev\":\"" + start + "-" + first + "\",\"_revisions\":{\"start\":" + start
                + ",\"ids\":[" + ids + "]}," + fields + "}";
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
