package io.couchrepl.spi;

import io.couchrepl.protocol.Rev;
import java.util.List;
import java.util.Optional;

/**
 * An edit that does not extend a leaf of the document's revision tree: CouchDB's 409
 * {@code conflict}, "Document update conflict.". Read the document again and edit its current
 * revision, or resolve the conflict.
 */
public final class ConflictException extends DocException {

    private final Optional<Rev> given;
    private final List<Rev> leaves;

    public ConflictException(String id, Optional<Rev> given, List<Rev> leaves, String detail) {
        super(id, "conflict", "Document update conflict.", detail);
        this.given = given;
        this.leaves = List.copyOf(leaves);
    }

    /** The revision the edit named as its parent; empty when it named none. */
    public Optional<Rev> given() {
        return given;
    }

    /** The document's leaves when the edit was refused, winner first. */
    public List<Rev> leaves() {
        return leaves;
    }
}
