package io.couchrepl.spi;

/** A peer refused a write for lack of rights (HTTP 401 or 403) or because it is read-only. */
public class WriteRefusedException extends RefusedException {
    public WriteRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
