package io.couchrepl.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test certificate authority and what it signs, made at test time with {@code openssl} (nothing
 * of it is committed): a server certificate for 127.0.0.1 and localhost, and a client certificate
 * for mutual TLS, in the forms a client is given (PEM certificate and PKCS#8 key, the key encrypted
 * with {@link #PASSWORD}, and a PKCS12 file with that password).
 */
public final class TestCertificates {

    /** The password of the encrypted client key and of the PKCS12 file. */
    public static final String PASSWORD = "client-key-pass-5c1e";

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** Whether {@code openssl} can be run here; tests that need these certificates skip without it. */
    public static boolean available() {
        try {
            CertificateTool.run(null, "openssl", "version");
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** Makes the authority and the certificates in {@code dir} (a second or two: RSA keys). */
    public static TestCertificates create(Path dir) {
        TestCertificates c = new TestCertificates(dir);
        c.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-days", "2", "-subj", "/CN=couchrepl test CA");
        c.sign("server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        c.sign("client", "/CN=couchrepl test client", "extendedKeyUsage=clientAuth");
        c.openssl("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "client.key", "-out", "client-encrypted.key",
                "-passout", "pass:" + PASSWORD);
        c.openssl("pkcs12", "-export", "-in", "client.pem", "-inkey", "client.key", "-out", "client.p12",
                "-passout", "pass:" + PASSWORD);
        return c;
    }

    private void sign(String name, String subject, String extension) {
        try {
            Files.writeString(dir.resolve(name + ".ext"), extension + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + name + ".ext", e);
        }
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", subject);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
    }

    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    public Path serverPem() {
        return dir.resolve("server.pem");
    }

    public Path serverKey() {
        return dir.resolve("server.key");
    }

    public Path clientPem() {
        return dir.resolve("client.pem");
    }

    /** The client's key, PEM PKCS#8, not encrypted. */
    public Path clientKey() {
        return dir.resolve("client.key");
    }

    /** The client's key, PEM PKCS#8 encrypted with {@link #PASSWORD}. */
    public Path clientEncryptedKey() {
        return dir.resolve("client-encrypted.key");
    }

    /** The client's certificate and key in PKCS12, with {@link #PASSWORD}. */
    public Path clientP12() {
        return dir.resolve("client.p12");
    }

    private void openssl(String... args) {
        CertificateTool.run(dir, "openssl", args);
    }
}
