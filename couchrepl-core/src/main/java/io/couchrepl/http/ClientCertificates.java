package io.couchrepl.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/**
 * The certificate and key a client shows a server that asks for one (mutual TLS): a PEM
 * certificate (chain) with its PEM PKCS#8 key, or a PKCS12 file holding both. Combined with whom
 * to trust by {@link TrustStores#context}. Messages name the files, never the password.
 */
public final class ClientCertificates {

    private static final Pattern PEM_KEY = Pattern.compile(
            "-----BEGIN (ENCRYPTED |RSA |EC )?PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END \\1?PRIVATE KEY-----");

    private ClientCertificates() {}

    /**
     * The key managers showing the certificate of {@code certificate}: with {@code key} a PEM file,
     * {@code certificate} is PEM; without it, {@code certificate} is a PKCS12 file. {@code password}
     * opens an encrypted key or the PKCS12 file (null when it has none).
     *
     * @throws IOException with a one-line message naming the file at fault
     */
    public static KeyManager[] keyManagers(Path certificate, Path key, char[] password) throws IOException {
        KeyStore store;
        char[] storePassword = password == null ? new char[0] : password;
        byte[] certificateBytes = read(certificate, "certificate");
        if (key == null) {
            if (isPem(certificateBytes)) {
                throw new IOException("client certificate " + certificate + " is PEM: give its key too (--client-key)");
            }
            store = pkcs12(certificate, certificateBytes, password);
        } else {
            store = pemStore(certificate, certificateBytes, key, read(key, "key"), password, storePassword);
        }
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, storePassword);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use client certificate " + certificate + " (" + describe(e) + ")", e);
        }
    }

    private static KeyStore pkcs12(Path file, byte[] bytes, char[] password) throws IOException {
        KeyStore store;
        boolean hasKey = false;
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            for (String alias : Collections.list(store.aliases())) {
                hasKey |= store.isKeyEntry(alias);
            }
        } catch (GeneralSecurityException | IOException e) {
            // A wrong password shows as a failed integrity check or an unrecoverable key, whose
            // messages are the JDK's own: name both likely causes instead.
            throw new IOException("cannot open client certificate " + file + " as PKCS12 (wrong password, or not a"
                    + " PKCS12 file: " + describe(e) + ")", e);
        }
        if (!hasKey) {
            throw new IOException("client certificate " + file + " holds no private key");
        }
        return store;
    }

    private static KeyStore pemStore(Path certificate, byte[] certificateBytes, Path keyFile, byte[] keyBytes,
            char[] password, char[] storePassword) throws IOException {
        Collection<? extends Certificate> chain;
        try {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(certificateBytes));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read client certificate " + certificate + " (" + describe(e) + ")", e);
        }
        if (chain.isEmpty()) {
            throw new IOException("client certificate " + certificate + " holds no certificate");
        }
        PrivateKey key = privateKey(keyFile, keyBytes, password);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", key, storePassword, chain.toArray(new Certificate[0]));
            return store;
        } catch (GeneralSecurityException e) {
            throw new IOException("client key " + keyFile + " does not fit certificate " + certificate
                    + " (" + describe(e) + ")", e);
        }
    }

    /** A PKCS#8 key, encrypted or not; a PKCS#1 ({@code RSA PRIVATE KEY}) one is refused with the way to convert it. */
    private static PrivateKey privateKey(Path file, byte[] bytes, char[] password) throws IOException {
        Matcher pem = PEM_KEY.matcher(new String(bytes, StandardCharsets.US_ASCII));
        if (!pem.find()) {
            throw new IOException("client key " + file + " is not a PEM private key (-----BEGIN PRIVATE KEY-----)");
        }
        String kind = pem.group(1) == null ? "" : pem.group(1).strip();
        if (kind.equals("RSA") || kind.equals("EC")) {
            throw new IOException("client key " + file + " is in the old " + kind + " form: convert it to PKCS#8"
                    + " with: openssl pkcs8 -topk8 -in " + file + " -out key.pem");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.group(2));
        PKCS8EncodedKeySpec spec;
        if (kind.equals("ENCRYPTED")) {
            if (password == null) {
                throw new IOException("client key " + file + " is encrypted: give its password");
            }
            try {
                EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
                // For PBES2 (what openssl writes) the parameters name the real scheme, such as
                // PBEWithHmacSHA256AndAES_256; the info's own name is just "PBES2".
                AlgorithmParameters parameters = info.getAlgParameters();
                String algorithm = parameters == null ? info.getAlgName() : parameters.toString();
                Cipher cipher = Cipher.getInstance(algorithm);
                cipher.init(Cipher.DECRYPT_MODE,
                        SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(password)), parameters);
                spec = info.getKeySpec(cipher);
            } catch (GeneralSecurityException | IOException e) {
                throw new IOException("cannot decrypt client key " + file + " (wrong password, or "
                        + describe(e) + ")", e);
            }
        } else {
            spec = new PKCS8EncodedKeySpec(der);
        }
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException | NoSuchAlgorithmException e) {
                // try the next algorithm
            }
        }
        throw new IOException("client key " + file + " is neither an RSA, EC nor EdDSA key");
    }

    private static byte[] read(Path file, String what) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException("cannot read client " + what + " " + file + " (no such file)", e);
        } catch (IOException e) {
            throw new IOException("cannot read client " + what + " " + file + " (" + describe(e) + ")", e);
        }
    }

    private static boolean isPem(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII).contains("-----BEGIN ");
    }

    private static String describe(Exception e) {
        return Transport.describe(e);
    }
}
