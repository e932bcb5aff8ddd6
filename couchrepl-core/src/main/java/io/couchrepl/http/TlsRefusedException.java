package io.couchrepl.http;

import io.couchrepl.spi.RefusedException;

/**
 * An {@code https} server ended the TLS handshake with an alert about this client: it wants a
 * client certificate and got none, or one it does not trust. Trying again does not help; a
 * certificate it trusts ({@link ClientCertificates}, the CLI's {@code --client-cert}) does.
 */
public class TlsRefusedException extends RefusedException {
    public TlsRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
