package io.couchrepl.spi;

/**
 * A store refused a document request the way CouchDB refuses it: CouchDB's {@code error} word and
 * {@code reason}, the document id, and a detail saying what the store holds. The message is one
 * line, {@code error: reason (detail)}.
 */
public abstract class DocException extends Exception {

    private final String id;
    private final String error;
    private final String reason;

    DocException(String id, String error, String reason, String detail) {
        super(error + ": " + reason + " (" + detail + ")");
        this.id = id;
        this.error = error;
        this.reason = reason;
    }

    /** The document's id. */
    public String id() {
        return id;
    }

    /** CouchDB's {@code error}: {@code conflict}, {@code not_found}. */
    public String error() {
        return error;
    }

    /** CouchDB's {@code reason}, such as {@code Document update conflict.}, {@code missing}, {@code deleted}. */
    public String reason() {
        return reason;
    }
}
