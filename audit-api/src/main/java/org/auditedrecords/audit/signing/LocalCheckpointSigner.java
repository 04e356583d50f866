package org.auditedrecords.audit.signing;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.auditedrecords.audit.log.CheckpointSigner;
import org.auditedrecords.audit.log.KeyVersion;
import org.auditedrecords.common.errors.DependencyUnavailableException;
import org.auditedrecords.common.secrets.LocalVault;
import org.auditedrecords.common.secrets.Secret;
import org.auditedrecords.common.secrets.SecretNotFoundException;
import org.auditedrecords.common.secrets.SecretSourceUnavailableException;
import org.auditedrecords.common.secrets.SecretVersionInfo;

/**
 * Signs checkpoints with an EC P-256 key held in the local vault, for local runs and tests (in Azure the key is a
 * non-exportable Key Vault key: {@link KeyVaultCheckpointSigner}). The secret's value is
 * {@code base64(PKCS#8 private key) "." base64(SPKI public key)}; each secret version is a key version, valid from
 * its creation until the next version's creation plus {@code overlap} (the time every instance needs to move to
 * it). Versions are never disabled, so old checkpoints stay verifiable.
 */
public final class LocalCheckpointSigner implements CheckpointSigner {
    private final LocalVault vault;
    private final String secretName;
    private final String keyName;
    private final Duration overlap;
    private volatile Cached cached;

    private record Cached(Object token, List<KeyVersion> versions) {
    }

    public LocalCheckpointSigner(LocalVault vault, String secretName, String keyName, Duration overlap) {
        this.vault = Objects.requireNonNull(vault, "vault");
        this.secretName = secretName;
        this.keyName = keyName;
        this.overlap = overlap;
    }

    /** A new key pair in the secret's value format, for bootstrap and rotation. */
    public static String newKeyValue() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            Base64.Encoder b64 = Base64.getEncoder();
            return b64.encodeToString(pair.getPrivate().getEncoded()) + "." + b64.encodeToString(pair.getPublic().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is always available", e);
        }
    }

    @Override
    public String keyName() {
        return keyName;
    }

    @Override
    public Signature sign(byte[] message) {
        Secret latest = read(() -> vault.latest(secretName));
        KeyVersion key = publicKeys().stream().filter(v -> v.version().equals(latest.version())).findFirst()
                .orElseThrow(() -> new DependencyUnavailableException("The checkpoint key version is not published"));
        try {
            KeyFactory ec = KeyFactory.getInstance("EC");
            PrivateKey privateKey = ec.generatePrivate(new PKCS8EncodedKeySpec(
                    Base64.getDecoder().decode(latest.value().split("\\.", 2)[0])));
            java.security.Signature ecdsa = java.security.Signature.getInstance("SHA256withECDSA");
            ecdsa.initSign(privateKey);
            ecdsa.update(message);
            return new Signature(key, ecdsa.sign());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new DependencyUnavailableException("The local checkpoint key is not an EC private key", e);
        }
    }

    @Override
    public List<KeyVersion> publicKeys() {
        Object token = vault.changeToken(secretName).orElse(null);
        Cached current = cached;
        if (current != null && Objects.equals(current.token(), token)) {
            return current.versions();
        }
        List<SecretVersionInfo> oldestFirst = new ArrayList<>(vault.versions(secretName));
        oldestFirst.sort(Comparator.comparing(SecretVersionInfo::created));
        List<KeyVersion> versions = new ArrayList<>();
        for (int i = 0; i < oldestFirst.size(); i++) {
            SecretVersionInfo info = oldestFirst.get(i);
            Optional<Secret> secret = versionValue(info.version());
            if (secret.isEmpty()) {
                continue;
            }
            byte[] spki = Base64.getDecoder().decode(secret.get().value().split("\\.", 2)[1]);
            java.time.Instant notAfter = i + 1 < oldestFirst.size() ? oldestFirst.get(i + 1).created().plus(overlap) : null;
            versions.add(new KeyVersion(info.version(), spki, info.created().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), notAfter));
        }
        cached = new Cached(token, List.copyOf(versions));
        return cached.versions();
    }

    private Optional<Secret> versionValue(String version) {
        try {
            return Optional.of(vault.version(secretName, version));
        } catch (SecretNotFoundException disabled) {
            return Optional.empty();
        }
    }

    private static Secret read(java.util.function.Supplier<Secret> read) {
        try {
            return read.get();
        } catch (SecretSourceUnavailableException | SecretNotFoundException e) {
            throw new DependencyUnavailableException("The checkpoint signing key could not be read", e);
        }
    }
}
