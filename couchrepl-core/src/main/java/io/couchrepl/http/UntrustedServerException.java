package io.couchrepl.http;

import java.io.IOException;

/**
 * An {@code https} server showed a certificate that is not trusted: signed by no authority in the
 * trust store in use, expired, or for another host name. Trying again does not help; trusting its
 * authority ({@link ClientOptions#sslContext()}, the CLI's {@code --cacert}) does.
 */
public class UntrustedServerException extends IOException {
    public UntrustedServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
