package io.couchrepl.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The documents the benchmark replicates: {@code docs} documents of about 1 KB, written with
 * {@code new_edits=false} so every shape a replicator meets is there at a known share: 80% with one
 * revision, 10% with three generations of history, 5% deleted (a tombstone leaf), 5% conflicted (two
 * leaves on one parent). The same {@code seed} gives the same documents, ids and revisions.
 *
 * @param docs how many documents
 * @param seed what makes ids, revision hashes and text
 * @param firstRevisionsOnly every document one first revision, as a database written once and never
 *                           edited (the size sweep's set) instead of the realistic mix above
 */
record DataSet(int docs, long seed, boolean firstRevisionsOnly) {

    static final long DEFAULT_SEED = 7;

    private static final String[] WORDS = (
            "replication revision sequence checkpoint conflict winner leaf history tombstone shard batch "
            + "database document attachment feed changes stream offline local remote source target peer "
            + "merge branch generation hash store durable memory index query view filter selector heartbeat")
            .split(" ");

    DataSet {
        if (docs < 1) {
            throw new IllegalArgumentException("docs must be at least 1, got " + docs);
        }
    }

    /** The realistic mix of shapes. */
    DataSet(int docs, long seed) {
        this(docs, seed, false);
    }

    /** {@code docs} documents of one first revision each. */
    static DataSet firstRevisions(int docs) {
        return new DataSet(docs, DEFAULT_SEED, true);
    }

    /** What a document looks like in the source. */
    enum Shape { SINGLE, HISTORY, DELETED, CONFLICTED }

    Shape shapeOf(int index) {
        if (firstRevisionsOnly) {
            return Shape.SINGLE;
        }
        return switch (index % 20) {
            case 0, 1 -> Shape.HISTORY;
            case 2 -> Shape.DELETED;
            case 3 -> Shape.CONFLICTED;
            default -> Shape.SINGLE;
        };
    }

    /** How many leaf revisions the source holds: one per document, two for a conflicted one. */
    long leaves() {
        long conflicted = 0;
        for (int i = 0; i < docs; i++) {
            if (shapeOf(i) == Shape.CONFLICTED) {
                conflicted++;
            }
        }
        return docs + conflicted;
    }

    /** A document id, unique per index: a bijective mix of the index, so ids arrive in no particular order. */
    String id(int index) {
        long z = seed * 0x9E3779B97F4A7C15L + index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return String.format("%016x", z);
    }

    /** The {@code _bulk_docs} entries ({@code new_edits=false}) of documents {@code from} to {@code to - 1}, as a JSON list. */
    String bulkDocs(int from, int to) {
        StringBuilder out = new StringBuilder((to - from) * 1200);
        out.append('[');
        for (int i = from; i < to; i++) {
            Random random = new Random(seed * 1_000_003L + i);
            String id = id(i);
            String root = hash(random);
            switch (shapeOf(i)) {
                case SINGLE -> entry(out, id, 1, List.of(root), false, body(i, random));
                case HISTORY -> entry(out, id, 3, List.of(hash(random), hash(random), root), false, body(i, random));
                case DELETED -> entry(out, id, 2, List.of(hash(random), root), true, null);
                case CONFLICTED -> {
                    entry(out, id, 2, List.of(hash(random), root), false, body(i, random));
                    out.append(',');
                    entry(out, id, 2, List.of(hash(random), root), false, body(i, random));
                }
            }
            if (i + 1 < to) {
                out.append(',');
            }
        }
        return out.append(']').toString();
    }

    private static void entry(StringBuilder out, String id, int generation, List<String> history, boolean deleted, String body) {
        out.append("{\"_id\":\"").append(id).append("\",\"_rev\":\"").append(generation).append('-').append(history.get(0))
                .append("\",\"_revisions\":{\"start\":").append(generation).append(",\"ids\":[");
        for (int h = 0; h < history.size(); h++) {
            out.append(h == 0 ? "" : ",").append('"').append(history.get(h)).append('"');
        }
        out.append("]}");
        if (deleted) {
            out.append(",\"_deleted\":true");
        }
        if (body != null) {
            out.append(',').append(body, 1, body.length() - 1);
        }
        out.append('}');
    }

    /** About 1 KB of fields: numbers (one with a fraction), a list, a nested object and text. */
    private static String body(int index, Random random) {
        StringBuilder text = new StringBuilder(900);
        while (text.length() < 820) {
            text.append(text.length() == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        List<String> tags = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            tags.add(WORDS[random.nextInt(WORDS.length)]);
        }
        return "{\"type\":\"bench\",\"n\":" + index + ",\"score\":" + (random.nextInt(10_000) / 100.0)
                + ",\"title\":\"Document " + index + "\",\"tags\":[\"" + String.join("\",\"", tags)
                + "\"],\"owner\":{\"name\":\"user" + random.nextInt(1000) + "\",\"active\":" + random.nextBoolean()
                + "},\"text\":\"" + text + "\"}";
    }

    private static String hash(Random random) {
        return String.format("%016x%016x", random.nextLong(), random.nextLong());
    }
}
