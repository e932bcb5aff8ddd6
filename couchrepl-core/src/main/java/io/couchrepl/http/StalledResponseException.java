package io.couchrepl.http;

import java.io.IOException;

/** A server stopped sending in the middle of a response (no data, not even a heartbeat, for the idle timeout). */
public class StalledResponseException extends IOException {
    public StalledResponseException(String message) {
        super(message);
    }
}
