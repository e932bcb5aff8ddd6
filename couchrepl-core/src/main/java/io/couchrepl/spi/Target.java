package io.couchrepl.spi;

import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.MissingRevs;
import io.couchrepl.protocol.Rev;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A store that replication writes into: the extension point for users' own stores.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #writeDocs} stores each revision as it is, with the given id, rev and history
 *       ({@code new_edits=false}): no new revision ids, no conflict checks. A revision beside an
 *       existing leaf becomes a conflict.</li>
 *   <li>Writes are idempotent: writing a revision the target holds changes nothing.</li>
 *   <li>When {@link #writeCheckpoint} returns, every revision written before it is durable.</li>
 *   <li>Failures are {@link IOException}s, typed as a {@link Source}'s are ({@link RefusedException},
 *       {@link UnavailableException}); a revision the target refuses (validation, rights) is
 *       reported in {@link WriteResult} and the others are still written.</li>
 * </ul>
 * A replication never calls a target concurrently: its calls take turns, though they may come from
 * different threads (the engine asks what is missing on one and writes on another).
 */
public interface Target extends AutoCloseable {

    /** Who this target is, without credentials: part of the replication id. Stable across runs. */
    String identity();

    /** For each document, which of the given revisions this target lacks; documents lacking none are left out. */
    Map<String, MissingRevs> revsDiff(Map<String, List<Rev>> revs) throws IOException;

    /**
     * Stores the revisions as replicated edits, with their attachments: each body checked against
     * its digest and length, each stub found by its digest among the bodies this target keeps. A
     * revision whose attachments fail is refused in the result and nothing of it is written. Bodies
     * are readable only until this method returns.
     */
    WriteResult writeDocs(List<DocRevision> docs) throws IOException;

    /** The checkpoint last written for this replication, if any. */
    Optional<Checkpoint> readCheckpoint(String replicationId) throws IOException;

    /** Records how far the replication has come. */
    void writeCheckpoint(Checkpoint checkpoint) throws IOException;

    /**
     * Stores a batch and the checkpoint that covers it. Stores that can should do both atomically,
     * so a crash never leaves the one without the other; the default writes docs, then checkpoint.
     */
    default WriteResult writeDocsAndCheckpoint(List<DocRevision> docs, Checkpoint checkpoint) throws IOException {
        WriteResult result = writeDocs(docs);
        writeCheckpoint(checkpoint);
        return result;
    }

    /**
     * Makes every write so far survive a power cut, not only the process dying. Called before a
     * checkpoint on another peer (the source's replication log) records that this target holds the
     * data, so that log is never ahead of what a power cut leaves here. The default does nothing,
     * for targets whose writes are durable when they return (CouchDB commits each {@code _bulk_docs}
     * before answering) or that keep nothing across a restart.
     */
    default void makeDurable() throws IOException {}

    @Override
    void close() throws IOException;
}
