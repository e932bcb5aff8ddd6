package io.couchrepl.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The protocol floor: the least any correct pull replicator must ask of the server, asked by a
 * minimal client. One {@code _changes?style=all_docs} read of the whole feed, then
 * {@code POST _bulk_get?revs=true} of every leaf in batches of 500, one after the other; answers are
 * read to the end and thrown away. Its time is the server's time to answer, plus reading the bytes.
 */
final class ProtocolFloor {

    static final int BATCH = 500;

    private static final JsonFactory JSON = new JsonFactory();

    /** What the floor asked and how long the server took. */
    record Result(long leaves, long bulkGets, long bytes, long changesMillis, long elapsedMillis) {}

    private record Leaf(String id, String rev) {}

    private final BenchHttp db;

    ProtocolFloor(BenchHttp db) {
        this.db = db;
    }

    Result run() throws IOException {
        long started = System.nanoTime();
        List<Leaf> leaves = new ArrayList<>();
        long bytes;
        try (CountingStream in = new CountingStream(db.stream("GET", "/_changes?style=all_docs", null))) {
            readLeaves(in, leaves);
            bytes = in.count;
        }
        long changesMillis = (System.nanoTime() - started) / 1_000_000;
        long requests = 0;
        for (int from = 0; from < leaves.size(); from += BATCH) {
            byte[] body = bulkGetBody(leaves.subList(from, Math.min(leaves.size(), from + BATCH)));
            try (InputStream in = db.stream("POST", "/_bulk_get?revs=true", body)) {
                bytes += in.transferTo(OutputStream.nullOutputStream());
            }
            requests++;
        }
        return new Result(leaves.size(), requests, bytes, changesMillis, (System.nanoTime() - started) / 1_000_000);
    }

    private static void readLeaves(InputStream in, List<Leaf> leaves) throws IOException {
        try (JsonParser p = JSON.createParser(in)) {
            String id = null;
            String field = null;
            JsonToken t;
            // Rows are {"seq":..,"id":..,"changes":[{"rev":..},..]}: every rev is a leaf of the row's id.
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME) {
                    field = p.currentName();
                } else if (t == JsonToken.VALUE_STRING && "id".equals(field)) {
                    id = p.getText();
                } else if (t == JsonToken.VALUE_STRING && "rev".equals(field)) {
                    leaves.add(new Leaf(id, p.getText()));
                }
            }
        }
    }

    private static byte[] bulkGetBody(List<Leaf> batch) {
        StringBuilder out = new StringBuilder(batch.size() * 70).append("{\"docs\":[");
        for (int i = 0; i < batch.size(); i++) {
            Leaf leaf = batch.get(i);
            // Ids and revs here are what the server itself sent in _changes: re-quote them as JSON.
            out.append(i == 0 ? "" : ",").append("{\"id\":").append(quote(leaf.id)).append(",\"rev\":")
                    .append(quote(leaf.rev)).append('}');
        }
        return out.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 2);
            try (var g = JSON.createGenerator(out)) {
                g.writeString(s);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts the bytes read through it. */
    private static final class CountingStream extends java.io.FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
