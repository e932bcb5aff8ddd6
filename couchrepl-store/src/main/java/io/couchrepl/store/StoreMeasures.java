package io.couchrepl.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The counts and sizes of a store, for {@link StoreInfo}; the caller holds the store's lock. */
final class StoreMeasures {

    // CouchDB counts each attachment once per document however many leaves name it.
    private static final String EXTERNAL = """
            SELECT (SELECT coalesce(sum(length(CAST(body AS BLOB))), 0) FROM revs WHERE leaf = 1)
                 + (SELECT coalesce(sum(b.stored_length), 0)
                    FROM (SELECT DISTINCT a.doc_key, a.digest FROM attachments a
                          JOIN revs r ON r.doc_key = a.doc_key AND r.rev = a.rev AND r.leaf = 1) AS x
                    JOIN attachment_bodies b ON b.digest = x.digest)""";

    private final Transactions tx;
    private final AttachmentFiles files;

    StoreMeasures(Transactions tx, AttachmentFiles files) {
        this.tx = tx;
        this.files = files;
    }

    long docCount() throws IOException {
        return count("SELECT count(*) FROM docs WHERE winner_deleted = 0", "counting documents");
    }

    long deletedDocCount() throws IOException {
        return count("SELECT count(*) FROM docs WHERE winner_deleted = 1", "counting deleted documents");
    }

    long updateSeq() throws IOException {
        return count("SELECT coalesce(max(seq), 0) FROM docs", "reading the update sequence");
    }

    long revisionCount() throws IOException {
        return count("SELECT count(*) FROM revs WHERE available = 1", "counting revisions");
    }

    long attachmentBodyCount() throws IOException {
        return count("SELECT count(*) FROM attachment_bodies", "counting attachment bodies");
    }

    /** The store file, its write-ahead log and the attachment files. */
    long bytesOnDisk() throws IOException {
        Path file = tx.file();
        return sizeOf(file) + sizeOf(Path.of(file + "-wal")) + files.totalBytes();
    }

    StoreInfo.Sizes sizes() throws IOException {
        long attachments = files.totalBytes();
        long file = sizeOf(tx.file()) + sizeOf(Path.of(tx.file() + "-wal")) + attachments;
        long livePages = count("SELECT (SELECT page_count FROM pragma_page_count()) - "
                + "(SELECT freelist_count FROM pragma_freelist_count())", "measuring the pages in use");
        long pageSize = count("SELECT page_size FROM pragma_page_size()", "reading the page size");
        long keptBodies = count("SELECT coalesce(sum(stored_length), 0) FROM attachment_bodies", "measuring attachments");
        long external = count(EXTERNAL, "measuring the documents");
        return new StoreInfo.Sizes(file, livePages * pageSize + keptBodies, external, attachments);
    }

    StoreInfo info(int revsLimit, java.util.List<StoreInfo.ReplicationLog> logs) throws IOException {
        return new StoreInfo(tx.file().getFileName().toString(), docCount(), deletedDocCount(), updateSeq(), sizes(),
                revsLimit, Schema.VERSION, logs);
    }

    private long count(String sql, String what) throws IOException {
        return tx.read(what, () -> tx.single(sql));
    }

    private static long sizeOf(Path file) throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

}
