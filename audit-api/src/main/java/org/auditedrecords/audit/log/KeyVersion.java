package org.auditedrecords.audit.log;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One version of the checkpoint signing key, as published: its P-256 public key (DER SubjectPublicKeyInfo) and
 * the period in which it may sign. A checkpoint whose time is outside {@code [notBefore, notAfter)} is not valid
 * under this version, so a retired version cannot vouch for a new checkpoint.
 *
 * @param notAfter null while the version is current
 */
public record KeyVersion(String version, byte[] publicKey, Instant notBefore, Instant notAfter) {

    public KeyVersion {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(notBefore, "notBefore");
        publicKey = publicKey.clone();
        requireP256(publicKey);
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The C2SP signed-note key id for ECDSA (signature type 0x02): the first four bytes of SHA-256(SPKI). */
    public byte[] keyId() {
        return Arrays.copyOf(Rfc6962.sha256().digest(publicKey), 4);
    }

    public String keyIdHex() {
        return HexFormat.of().formatHex(keyId());
    }

    public boolean validAt(Instant time) {
        return !time.isBefore(notBefore) && (notAfter == null || time.isBefore(notAfter));
    }

    public KeyVersion retiredAt(Instant at) {
        return new KeyVersion(version, publicKey, notBefore, at);
    }

    public PublicKey javaKey() {
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(publicKey));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an EC public key", e);
        }
    }

    private static void requireP256(byte[] spki) {
        try {
            ECPublicKey key = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
            java.security.AlgorithmParameters p256 = java.security.AlgorithmParameters.getInstance("EC");
            p256.init(new ECGenParameterSpec("secp256r1"));
            if (!key.getParams().getCurve().equals(p256.getParameterSpec(java.security.spec.ECParameterSpec.class).getCurve())) {
                throw new IllegalArgumentException("the checkpoint key must be on P-256");
            }
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not a P-256 public key", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyVersion k && version.equals(k.version) && Arrays.equals(publicKey, k.publicKey)
                && notBefore.equals(k.notBefore) && Objects.equals(notAfter, k.notAfter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, Arrays.hashCode(publicKey), notBefore, notAfter);
    }
}
