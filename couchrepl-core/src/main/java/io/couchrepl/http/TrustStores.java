package io.couchrepl.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@link SSLContext}s that trust the certificate authorities of a file instead of the JDK's trust
 * store: for a CouchDB whose certificate a private CA (or the server itself) signed.
 */
public final class TrustStores {

    private TrustStores() {}

    /**
     * Trusts the certificates in {@code file}: PEM ({@code -----BEGIN CERTIFICATE-----}, one or
     * more), or a PKCS12 or JKS trust store opened with {@code password} (null when it has none).
     *
     * @throws IOException with a one-line message naming the file when it cannot be read or holds
     *     no certificate
     */
    public static SSLContext trusting(Path file, char[] password) throws IOException {
        return context(trustManagers(file, password), null);
    }

    /**
     * A context that trusts what {@code trust} trusts (the JDK's trust store when null) and shows the
     * client certificate of {@code keys} to a server that asks for one (none when null).
     */
    public static SSLContext context(TrustManager[] trust, KeyManager[] keys) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS (" + Transport.describe(e) + ")", e);
        }
    }

    /** What {@link #trusting} trusts, to combine with a client certificate in {@link #context}. */
    public static TrustManager[] trustManagers(Path file, char[] password) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException("cannot read trust file " + file + " (no such file)", e);
        } catch (IOException e) {
            throw new IOException("cannot read trust file " + file + " (" + Transport.describe(e) + ")", e);
        }
        KeyStore trusted;
        int certificates;
        try {
            trusted = isPem(bytes) ? fromPem(bytes) : fromKeyStore(bytes, password);
            certificates = trusted.size();
        } catch (GeneralSecurityException | IOException e) {
            throw new IOException("cannot use trust file " + file + " (neither PEM certificates nor a PKCS12 or JKS"
                    + " trust store it can open: " + Transport.describe(e) + ")", e);
        }
        if (certificates == 0) {
            throw new IOException("trust file " + file + " holds no certificate");
        }
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot trust the certificates of " + file + " (" + Transport.describe(e) + ")", e);
        }
    }

    private static boolean isPem(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----");
    }

    private static KeyStore fromPem(byte[] bytes) throws GeneralSecurityException, IOException {
        Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(bytes));
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + i++, certificate);
        }
        return store;
    }

    private static KeyStore fromKeyStore(byte[] bytes, char[] password) throws GeneralSecurityException, IOException {
        // PKCS12 reads JKS files too (keystore.type.compat), so one type covers both.
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            store.load(in, password);
        }
        return store;
    }
}
