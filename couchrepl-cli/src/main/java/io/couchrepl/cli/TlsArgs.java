package io.couchrepl.cli;

import io.couchrepl.http.ClientCertificates;
import io.couchrepl.http.TrustStores;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import picocli.CommandLine.Option;

/**
 * The TLS options of a command that talks to a CouchDB: whom to trust ({@code --cacert}) and which
 * client certificate to show a server that asks for one ({@code --client-cert}); each password
 * from an argument, a file or an environment variable ({@link Secrets}).
 */
final class TlsArgs {

    @Option(names = "--cacert", paramLabel = "FILE",
            description = "For https, trust the certificates in FILE (PEM, or a PKCS12 or JKS trust store)"
                    + " instead of Java's trust store.")
    Path cacert;

    @Option(names = "--cacert-password", paramLabel = "PASSWORD",
            description = "Password of the --cacert trust store. Visible to other users of the machine: prefer"
                    + " --cacert-password-file or --cacert-password-env.")
    String cacertPassword;

    @Option(names = "--cacert-password-file", paramLabel = "FILE", description = "Read the --cacert password from FILE.")
    Path cacertPasswordFile;

    @Option(names = "--cacert-password-env", paramLabel = "NAME",
            description = "Read the --cacert password from environment variable NAME.")
    String cacertPasswordEnv;

    @Option(names = "--client-cert", paramLabel = "FILE",
            description = "For https, show this client certificate to a server that asks for one (mutual TLS):"
                    + " PEM with --client-key, or a PKCS12 file holding the key too.")
    Path clientCert;

    @Option(names = "--client-key", paramLabel = "FILE",
            description = "The PEM PKCS#8 private key of a PEM --client-cert (-----BEGIN PRIVATE KEY-----,"
                    + " encrypted or not).")
    Path clientKey;

    @Option(names = "--client-cert-password", paramLabel = "PASSWORD",
            description = "Password of the PKCS12 --client-cert or the encrypted --client-key. Visible to other"
                    + " users of the machine: prefer --client-cert-password-file or --client-cert-password-env.")
    String clientCertPassword;

    @Option(names = "--client-cert-password-file", paramLabel = "FILE",
            description = "Read the client certificate's password from FILE.")
    Path clientCertPasswordFile;

    @Option(names = "--client-cert-password-env", paramLabel = "NAME",
            description = "Read the client certificate's password from environment variable NAME.")
    String clientCertPasswordEnv;

    /** The TLS context these options ask for; empty when they ask none (Java's trust store, no client certificate). */
    Optional<SSLContext> context(UnaryOperator<String> environment) {
        Optional<String> trustPassword = Secrets.read("--cacert-password", cacertPassword, cacertPasswordFile,
                cacertPasswordEnv, environment);
        Optional<String> keyPassword = Secrets.read("--client-cert-password", clientCertPassword,
                clientCertPasswordFile, clientCertPasswordEnv, environment);
        if (cacert == null && trustPassword.isPresent()) {
            throw new IllegalArgumentException("--cacert-password needs --cacert");
        }
        if (clientCert == null && (clientKey != null || keyPassword.isPresent())) {
            throw new IllegalArgumentException((clientKey != null ? "--client-key" : "--client-cert-password")
                    + " needs --client-cert");
        }
        if (cacert == null && clientCert == null) {
            return Optional.empty();
        }
        TrustManager[] trust = null;
        if (cacert != null) {
            try {
                trust = TrustStores.trustManagers(cacert, trustPassword.map(String::toCharArray).orElse(null));
            } catch (IOException e) {
                throw new IllegalArgumentException("--cacert: " + e.getMessage(), e);
            }
        }
        KeyManager[] keys = null;
        if (clientCert != null) {
            try {
                keys = ClientCertificates.keyManagers(clientCert, clientKey,
                        keyPassword.map(String::toCharArray).orElse(null));
            } catch (IOException e) {
                throw new IllegalArgumentException("--client-cert: " + e.getMessage(), e);
            }
        }
        try {
            return Optional.of(TrustStores.context(trust, keys));
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
