package io.couchrepl.http;

import java.io.IOException;

/** A server answered with something that is not the JSON the protocol promises. */
public class MalformedResponseException extends IOException {

    public MalformedResponseException(String message) {
        super(message);
    }

    public MalformedResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
