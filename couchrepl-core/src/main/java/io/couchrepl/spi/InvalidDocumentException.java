package io.couchrepl.spi;

/**
 * A document or document id CouchDB would refuse with a 400: {@code bad_request} (not JSON, not an
 * object, a malformed {@code _rev}), {@code doc_validation} (an unknown {@code _} member) or
 * {@code illegal_docid}. The message is one line, {@code error: reason (detail)}.
 */
public final class InvalidDocumentException extends IllegalArgumentException {

    private final String error;
    private final String reason;

    public InvalidDocumentException(String error, String reason, String detail) {
        super(error + ": " + reason + (detail == null ? "" : " (" + detail + ")"));
        this.error = error;
        this.reason = reason;
    }

    public String error() {
        return error;
    }

    public String reason() {
        return reason;
    }
}
