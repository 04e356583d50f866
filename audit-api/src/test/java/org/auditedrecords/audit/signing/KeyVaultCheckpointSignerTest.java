package org.auditedrecords.audit.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.auditedrecords.audit.log.Checkpoint;
import org.auditedrecords.audit.log.CheckpointSigner;
import org.auditedrecords.audit.log.KeyRing;
import org.auditedrecords.audit.log.KeyVersion;
import org.auditedrecords.audit.log.SignedNote;
import org.auditedrecords.common.errors.DependencyUnavailableException;
import org.junit.jupiter.api.Test;

/**
 * The Key Vault checkpoint signer through the real azure-security-keyvault-keys client, over a fake Key Vault that
 * speaks the keys REST API: it signs in the vault (ES256 over the digest it sends), publishes every enabled version
 * with its validity, and refuses a retired current version.
 */
class KeyVaultCheckpointSignerTest {
    private static final String KEY = "audit-checkpoint-key";
    private static final String NOTE_NAME = "audited-records/audit";
    private static final String OLD = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final String CURRENT = "f9e8d7c6b5a4938271605f4e3d2c1b0a";
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Instant ROTATED = NOW.minus(Duration.ofDays(1));

    private final FakeKeyVaultKeys vault = new FakeKeyVaultKeys(KEY)
            .withVersion(OLD, NOW.minus(Duration.ofDays(30)), null, ROTATED.plus(Duration.ofMinutes(5)), true)
            .withVersion(CURRENT, ROTATED, null, null, true);

    private KeyVaultCheckpointSigner signer() {
        return new KeyVaultCheckpointSigner(vault.client(), KEY, NOTE_NAME, Duration.ofMinutes(5), Clock.systemUTC());
    }

    @Test
    void sign_message_isSignedInTheVaultByTheCurrentVersionAndVerifiesWithItsPublicKey() throws Exception {
        // given
        byte[] message = "audited-records/audit/20261201T100000Z-5f0c9a1e2b3d\n3\n".getBytes(StandardCharsets.UTF_8);

        // when
        CheckpointSigner.Signature signature = signer().sign(message);

        // then the DER signature verifies over the message with the vault's public key, checked independently
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        ecdsa.initVerify(vault.publicKey(CURRENT));
        ecdsa.update(message);
        assertThat(ecdsa.verify(signature.der())).isTrue();
        assertThat(signature.key().version()).isEqualTo(CURRENT);
        assertThat(signature.key().publicKey()).isEqualTo(vault.publicKey(CURRENT).getEncoded());
        assertThat(vault.requests()).contains("POST /keys/" + KEY + "/" + CURRENT + "/sign token");
    }

    @Test
    void sign_firstRequest_answersKeyVaultsChallengeBeforeSendingTheToken() {
        // when
        signer().sign(new byte[] {1, 2, 3});

        // then
        List<String> requests = vault.requests();
        assertThat(requests.get(0)).endsWith(" none");
        assertThat(requests.get(1)).isEqualTo(requests.get(0).replace(" none", " token"));
        assertThat(requests).filteredOn(r -> r.endsWith(" none")).hasSize(1);
    }

    @Test
    void publicKeys_everyEnabledVersion_isPublishedWithItsValidityAndDisabledOnesLeftOut() {
        // given a disabled version, whose public key Key Vault will not serve
        vault.withVersion("11111111111111111111111111111111", NOW.minus(Duration.ofDays(60)), null, null, false);

        // when
        List<KeyVersion> published = signer().publicKeys();

        // then
        assertThat(published).extracting(KeyVersion::version).containsExactly(OLD, CURRENT);
        assertThat(published.get(0).notBefore()).isEqualTo(NOW.minus(Duration.ofDays(30)));
        assertThat(published.get(0).notAfter()).isEqualTo(ROTATED.plus(Duration.ofMinutes(5)));
        assertThat(published.get(1).notBefore()).isEqualTo(ROTATED);
        assertThat(published.get(1).notAfter()).isNull();
        assertThat(published.get(0).publicKey()).isEqualTo(vault.publicKey(OLD).getEncoded());
    }

    @Test
    void signedNote_cutWithTheVaultKey_verifiesUnderThePublishedKeys() {
        // given
        KeyVaultCheckpointSigner signer = signer();
        Checkpoint checkpoint = new Checkpoint(NOTE_NAME + "/20261201T100000Z-5f0c9a1e2b3d", 7, new byte[32],
                Instant.now().truncatedTo(ChronoUnit.MILLIS));

        // when
        String note = SignedNote.sign(checkpoint, signer);
        KeyRing.Verified verified = new KeyRing(NOTE_NAME, signer.publicKeys()).verify(note);

        // then
        assertThat(verified.valid()).isTrue();
        assertThat(verified.key().version()).isEqualTo(CURRENT);
        assertThat(verified.checkpoint().size()).isEqualTo(7);
    }

    @Test
    void sign_currentVersionExpired_isRefusedWithoutAskingTheVaultToSign() {
        // given the current version's expiry has passed and no new version was created
        vault.withVersion("22222222222222222222222222222222", NOW.minus(Duration.ofHours(2)), null,
                NOW.minus(Duration.ofHours(1)), true);

        // when
        Throwable thrown = catchThrowable(() -> signer().sign(new byte[] {1}));

        // then
        assertThat(thrown).isInstanceOf(DependencyUnavailableException.class).hasMessageContaining("retired");
        assertThat(vault.requests()).noneMatch(r -> r.contains("/sign"));
    }

    @Test
    void sign_vaultRefuses_isUnavailableNamingTheStatusOnly() {
        // given
        vault.failWith(403);

        // when
        Throwable thrown = catchThrowable(() -> signer().sign(new byte[] {1}));

        // then
        assertThat(thrown).isInstanceOf(DependencyUnavailableException.class)
                .hasMessage("Key Vault answered HTTP 403 when asked to read the current checkpoint key");
    }
}
