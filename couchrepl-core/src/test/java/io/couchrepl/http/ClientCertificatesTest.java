package io.couchrepl.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.couchrepl.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client certificate in each form openssl writes it, and a one-line message for each mistake. */
class ClientCertificatesTest {

    @TempDir
    static Path dir;

    private static TestCertificates certs;

    @BeforeAll
    static void makeCertificates() {
        assumeTrue(TestCertificates.available(), "needs openssl");
        certs = TestCertificates.create(dir);
    }

    @Test
    void readsPemWithAPlainOrEncryptedKeyAndPkcs12() throws Exception {
        char[] password = TestCertificates.PASSWORD.toCharArray();
        assertThat(ClientCertificates.keyManagers(certs.clientPem(), certs.clientKey(), null)).isNotEmpty();
        assertThat(ClientCertificates.keyManagers(certs.clientPem(), certs.clientEncryptedKey(), password)).isNotEmpty();
        assertThat(ClientCertificates.keyManagers(certs.clientP12(), null, password)).isNotEmpty();
    }

    @Test
    void refusesEachMistakeWithOneLineNamingTheFileNeverThePassword() throws Exception {
        assertThatThrownBy(() -> ClientCertificates.keyManagers(certs.clientPem(), certs.clientEncryptedKey(),
                "wrong-pass-81".toCharArray()))
                .hasMessageStartingWith("cannot decrypt client key " + certs.clientEncryptedKey() + " (wrong password")
                .message().doesNotContain("wrong-pass-81");
        assertThatThrownBy(() -> ClientCertificates.keyManagers(certs.clientPem(), certs.clientEncryptedKey(), null))
                .hasMessage("client key " + certs.clientEncryptedKey() + " is encrypted: give its password");
        assertThatThrownBy(() -> ClientCertificates.keyManagers(certs.clientP12(), null, "wrong-pass-82".toCharArray()))
                .hasMessageStartingWith("cannot open client certificate " + certs.clientP12() + " as PKCS12")
                .message().doesNotContain("wrong-pass-82");
        assertThatThrownBy(() -> ClientCertificates.keyManagers(certs.clientPem(), null, null))
                .hasMessage("client certificate " + certs.clientPem() + " is PEM: give its key too (--client-key)");
        Path pkcs1 = Files.writeString(dir.resolve("old.key"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> ClientCertificates.keyManagers(certs.clientPem(), pkcs1, null))
                .hasMessageStartingWith("client key " + pkcs1 + " is in the old RSA form: convert it to PKCS#8");
        assertThatThrownBy(() -> ClientCertificates.keyManagers(certs.clientPem(), certs.clientPem(), null))
                .hasMessage("client key " + certs.clientPem() + " is not a PEM private key (-----BEGIN PRIVATE KEY-----)");
    }
}
