package io.couchrepl.spi;

/**
 * A document, or a revision of it, the store cannot give: CouchDB's 404 {@code not_found}, with
 * reason {@code missing} (never stored, or not that revision) or {@code deleted} (its winner is a
 * tombstone).
 */
public final class NotFoundException extends DocException {

    private NotFoundException(String id, String reason, String detail) {
        super(id, "not_found", reason, detail);
    }

    /** Never stored, or not that revision: reason {@code missing}. */
    public static NotFoundException missing(String id, String detail) {
        return new NotFoundException(id, "missing", detail);
    }

    /** Its winner is a tombstone: reason {@code deleted}. */
    public static NotFoundException deleted(String id, String detail) {
        return new NotFoundException(id, "deleted", detail);
    }

    /** Whether the document exists and its winner is a tombstone. */
    public boolean deleted() {
        return reason().equals("deleted");
    }
}
