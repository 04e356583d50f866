package org.auditedrecords.common.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCertificateTest {
    @Test
    void in_passwordThatStartsWithADash_makesAKeyStoreItOpens(@TempDir Path dir) throws Exception {
        // given: one in 64 generated (base64url) passwords starts with '-', which keytool would take for an option
        String password = "-RkVIjBv5WlFzE0H5dwdnAKu6wCXwyszd3E5yB1YXaM";

        // when
        LocalCertificate made = LocalCertificate.in(dir, "127.0.0.1", () -> password);

        // then
        assertThat(made.password()).isEqualTo(password);
        assertThat(Files.readString(made.certificate())).startsWith("-----BEGIN CERTIFICATE-----");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(made.keyStore())) {
            store.load(in, password.toCharArray());
        }
        assertThat(store.containsAlias("local")).isTrue();
    }

    @Test
    void in_certificateAlreadyMade_isReusedAsItIs(@TempDir Path dir) throws Exception {
        LocalCertificate first = LocalCertificate.in(dir, "127.0.0.1");
        String pem = Files.readString(first.certificate());

        LocalCertificate again = LocalCertificate.in(dir, "127.0.0.1", () -> "never used");

        assertThat(again.password()).isEqualTo(first.password());
        assertThat(Files.readString(again.certificate())).isEqualTo(pem);
    }
}
