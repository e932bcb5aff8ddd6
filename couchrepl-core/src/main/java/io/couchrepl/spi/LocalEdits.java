package io.couchrepl.spi;

import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import java.io.IOException;
import java.util.List;

/**
 * A store the application reads and edits directly, as it would a CouchDB database: edits get
 * CouchDB's revision ids and its conflict rules, and are ordinary revisions that replication carries
 * on. Both shipped stores implement it with the same rules (core's internal {@code edit} package),
 * so they answer alike.
 *
 * <p>Failure contract: a refusal CouchDB would answer with 409 or 404 is a {@link DocException}
 * ({@link ConflictException}, {@link NotFoundException}); input CouchDB would answer with 400 is an
 * {@link InvalidDocumentException}; an {@link IOException} means the store itself failed. A refused
 * edit changes nothing. Thread-safe: each call is atomic, the check and the write included.
 */
public interface LocalEdits {

    /**
     * Writes a document as {@code PUT /db/id} does: {@code json} is the document, with {@code _rev}
     * naming the leaf it replaces (none for a new document, or one whose winner is deleted), and
     * {@code _deleted: true} to delete it. Returns the new revision.
     */
    Rev put(String id, String json) throws DocException, IOException;

    /** Deletes leaf {@code rev} as {@code DELETE /db/id?rev=} does: a tombstone child of it. Returns the tombstone's revision. */
    Rev delete(String id, Rev rev) throws DocException, IOException;

    /** The winning revision, as {@code GET /db/id}; a deleted winner is not found ({@code deleted}). */
    DocRevision get(String id) throws DocException, IOException;

    /** A given revision, deleted or not, as {@code GET /db/id?rev=}; {@code missing} if its body is not held. */
    DocRevision get(String id, Rev rev) throws DocException, IOException;

    /** Every leaf, deleted ones included, as {@code GET /db/id?open_revs=all}, ordered by generation then hash. */
    List<DocRevision> openRevs(String id) throws DocException, IOException;

    /** The live leaves that lose to the winner, as {@code _conflicts} lists them; empty when none. */
    List<Rev> conflicts(String id) throws DocException, IOException;
}
