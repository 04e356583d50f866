package org.auditedrecords.audit.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Key versions and their validity: a version outside its period neither verifies nor signs a checkpoint. */
class KeyRingTest {
    private static final String NAME = "audited-records/audit";
    private static final Instant ROTATED = Instant.parse("2026-12-01T12:00:00Z");

    private final KeyPair oldPair = P256.newPair();
    private final KeyPair newPair = P256.newPair();
    private final KeyVersion oldVersion = new KeyVersion("v1", oldPair.getPublic().getEncoded(),
            Instant.parse("2026-01-01T00:00:00Z"), ROTATED);
    private final KeyVersion newVersion = new KeyVersion("v2", newPair.getPublic().getEncoded(), ROTATED, null);
    private final KeyRing ring = new KeyRing(NAME, List.of(oldVersion, newVersion));

    private static Checkpoint at(Instant time) {
        return new Checkpoint(NAME + "/20261201T100000Z-5f0c9a1e2b3d", 3, new byte[32], time);
    }

    @Test
    void verify_checkpointsWithinEachVersionsPeriod_areValidUnderThatVersion() {
        // given
        String before = SignedNote.sign(at(ROTATED.minusMillis(1)), new PairSigner(oldPair, oldVersion));
        String after = SignedNote.sign(at(ROTATED), new PairSigner(newPair, newVersion));

        // when
        KeyRing.Verified old = ring.verify(before);
        KeyRing.Verified current = ring.verify(after);

        // then
        assertThat(old.valid()).isTrue();
        assertThat(old.key()).isEqualTo(oldVersion);
        assertThat(old.checkpoint().time()).isEqualTo(ROTATED.minusMillis(1));
        assertThat(current.valid()).isTrue();
        assertThat(current.key()).isEqualTo(newVersion);
    }

    @Test
    void verify_checkpointSignedByARetiredVersionAfterItsRetirement_isRefused() {
        // given someone holding the retired private key signs a new checkpoint (its own published period is open)
        String forged = SignedNote.sign(at(ROTATED.plusSeconds(60)),
                new PairSigner(oldPair, new KeyVersion("v1", oldPair.getPublic().getEncoded(), oldVersion.notBefore(), null)));

        // when
        KeyRing.Verified verified = ring.verify(forged);

        // then
        assertThat(verified.valid()).isFalse();
        assertThat(verified.checkpoint()).isNull();
        assertThat(verified.failure()).isEqualTo("signed by key version v1 outside its validity period (checkpoint"
                + " time 2026-12-01T12:01:00Z)");
    }

    @Test
    void verify_checkpointDatedBeforeItsVersionExisted_isRefused() {
        // given a new version's signature on a checkpoint backdated before the rotation
        String backdated = SignedNote.sign(at(ROTATED.minusSeconds(1)),
                new PairSigner(newPair, new KeyVersion("v2", newPair.getPublic().getEncoded(), Instant.EPOCH, null)));

        // when
        KeyRing.Verified verified = ring.verify(backdated);

        // then
        assertThat(verified.valid()).isFalse();
        assertThat(verified.failure()).contains("key version v2 outside its validity period");
    }

    @Test
    void sign_currentVersionRetiredBeforeTheCheckpointTime_isRefusedWithoutANote() {
        // given a signer whose current version has expired
        PairSigner retired = new PairSigner(oldPair, oldVersion);

        // when
        Throwable thrown = catchThrowable(() -> SignedNote.sign(at(ROTATED), retired));

        // then
        assertThat(thrown).isInstanceOf(CheckpointSigner.RetiredKeyException.class)
                .hasMessage("Checkpoint key version v1 is not valid at 2026-12-01T12:00:00Z; rotate the key");
        assertThat(retired.signed).isEqualTo(1);
    }

    /** Signs with a key pair held in memory and reports the given version for it. */
    private static final class PairSigner implements CheckpointSigner {
        private final KeyPair pair;
        private final KeyVersion version;
        int signed;

        PairSigner(KeyPair pair, KeyVersion version) {
            this.pair = pair;
            this.version = version;
        }

        @Override
        public String keyName() {
            return NAME;
        }

        @Override
        public Signature sign(byte[] message) {
            signed++;
            try {
                java.security.Signature ecdsa = java.security.Signature.getInstance("SHA256withECDSA");
                ecdsa.initSign(pair.getPrivate());
                ecdsa.update(message);
                return new Signature(version, ecdsa.sign());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public List<KeyVersion> publicKeys() {
            return List.of(version);
        }
    }
}
