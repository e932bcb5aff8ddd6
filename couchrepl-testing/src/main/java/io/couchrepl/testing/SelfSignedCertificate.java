package io.couchrepl.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A key and self-signed certificate for 127.0.0.1 and localhost, made at test time with the JDK's
 * {@code keytool}, for a TLS-terminating {@link FaultProxy}; plus the certificate as PEM and as a
 * PKCS12 trust store, the two forms a client is given to trust it.
 */
public final class SelfSignedCertificate {

    /** The password of the generated key store and trust store. */
    public static final String PASSWORD = "changeit";

    private final Path keyStore;
    private final Path pem;
    private final Path trustStore;

    private SelfSignedCertificate(Path keyStore, Path pem, Path trustStore) {
        this.keyStore = keyStore;
        this.pem = pem;
        this.trustStore = trustStore;
    }

    /** Generates the files in {@code dir} (about a second: keytool makes an RSA key). */
    public static SelfSignedCertificate create(Path dir) {
        Path keyStore = dir.resolve("server.p12");
        Path pem = dir.resolve("server.pem");
        Path trustStore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", pem.toString());
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", pem.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", PASSWORD);
        return new SelfSignedCertificate(keyStore, pem, trustStore);
    }

    /** The server side: its key and certificate. */
    public SSLContext serverContext() {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the test key store " + keyStore, e);
        }
    }

    /** The certificate, PEM-encoded: what {@code --cacert} takes. */
    public Path pem() {
        return pem;
    }

    /** A PKCS12 trust store holding the certificate, with {@link #PASSWORD}. */
    public Path trustStore() {
        return trustStore;
    }

    private static void keytool(String... args) {
        CertificateTool.run(null, Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), args);
    }
}
