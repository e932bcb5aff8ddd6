package io.couchrepl.store;

/**
 * What {@link SqliteStore#compact()} did.
 *
 * @param bytesBefore the store on disk before (file, write-ahead log, attachment files)
 * @param bytesAfter the same after
 * @param bodiesDropped bodies of non-leaf revisions an older store version had kept
 * @param revisionsStemmed revisions stemmed away to {@code revs_limit}
 * @param attachmentBytesFreed bytes of attachment files no revision named
 */
public record CompactionResult(long bytesBefore, long bytesAfter, long bodiesDropped, long revisionsStemmed,
        long attachmentBytesFreed) {}
