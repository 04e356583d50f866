package org.auditedrecords.audit.signing;

import com.azure.core.exception.HttpResponseException;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.models.SignResult;
import com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm;
import com.azure.security.keyvault.keys.models.KeyProperties;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.auditedrecords.audit.log.CheckpointSigner;
import org.auditedrecords.audit.log.EcdsaSignatures;
import org.auditedrecords.audit.log.KeyVersion;
import org.auditedrecords.common.errors.DependencyUnavailableException;

/**
 * Signs checkpoints with a Key Vault EC P-256 key (HSM-backed in production) through its {@code sign} operation:
 * the private key never leaves the vault, and the app's identity may only sign with it and read its public part.
 *
 * <p>Every key version is published with its validity: from its {@code nbf} (or creation) to its {@code exp}. Retire a
 * version by setting its expiry, never by disabling it (a disabled version's public key cannot be read, so its
 * checkpoints could no longer be verified). Signing uses the current version and refuses one that is disabled or
 * expired; Key Vault refuses it too. Public keys are cached for {@code cacheTtl}.
 */
public final class KeyVaultCheckpointSigner implements CheckpointSigner {
    private final KeyClient keys;
    private final String vaultKeyName;
    private final String noteKeyName;
    private final Duration cacheTtl;
    private final Clock clock;
    private volatile Cached cached;

    private record Cached(Instant readAt, List<KeyVersion> versions) {
    }

    public KeyVaultCheckpointSigner(KeyClient keys, String vaultKeyName, String noteKeyName, Duration cacheTtl, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.vaultKeyName = vaultKeyName;
        this.noteKeyName = noteKeyName;
        this.cacheTtl = cacheTtl;
        this.clock = clock;
    }

    /** A signer for key {@code vaultKeyName} in the vault at {@code vaultUri}, as the app's managed identity. */
    public static KeyVaultCheckpointSigner create(URI vaultUri, String vaultKeyName, String noteKeyName, Duration cacheTtl) {
        KeyClient client = new KeyClientBuilder().vaultUrl(vaultUri.toString())
                .credential(new DefaultAzureCredentialBuilder().build()).buildClient();
        return new KeyVaultCheckpointSigner(client, vaultKeyName, noteKeyName, cacheTtl, Clock.systemUTC());
    }

    @Override
    public String keyName() {
        return noteKeyName;
    }

    @Override
    public Signature sign(byte[] message) {
        Instant now = clock.instant();
        KeyVaultKey current = call("read the current checkpoint key", () -> keys.getKey(vaultKeyName));
        KeyProperties properties = current.getProperties();
        KeyVersion key = versions(false).stream().filter(v -> v.version().equals(properties.getVersion())).findFirst()
                .orElseGet(() -> versions(true).stream().filter(v -> v.version().equals(properties.getVersion()))
                        .findFirst().orElseThrow(() -> new DependencyUnavailableException("The current checkpoint key version is not readable")));
        if (!Boolean.TRUE.equals(properties.isEnabled()) || !key.validAt(now.truncatedTo(ChronoUnit.MILLIS))) {
            throw new DependencyUnavailableException("The current checkpoint key version is retired; rotate the key");
        }
        byte[] digest = sha256(message);
        SignResult result = call("sign a checkpoint", () -> keys.getCryptographyClient(vaultKeyName, properties.getVersion())
                .sign(SignatureAlgorithm.ES256, digest));
        return new Signature(key, EcdsaSignatures.rawToDer(result.getSignature()));
    }

    @Override
    public List<KeyVersion> publicKeys() {
        return versions(false);
    }

    private List<KeyVersion> versions(boolean refresh) {
        Cached current = cached;
        Instant now = clock.instant();
        if (!refresh && current != null && current.readAt().plus(cacheTtl).isAfter(now)) {
            return current.versions();
        }
        List<KeyVersion> versions = call("read the checkpoint key versions", () -> {
            List<KeyVersion> found = new ArrayList<>();
            for (KeyProperties version : keys.listPropertiesOfKeyVersions(vaultKeyName)) {
                if (!Boolean.TRUE.equals(version.isEnabled())) {
                    continue;
                }
                KeyVaultKey key = keys.getKey(vaultKeyName, version.getVersion());
                byte[] spki = key.getKey().toEc().getPublic().getEncoded();
                Instant notBefore = (version.getNotBefore() != null ? version.getNotBefore() : version.getCreatedOn())
                        .toInstant().truncatedTo(ChronoUnit.MILLIS);
                Instant notAfter = version.getExpiresOn() == null ? null : version.getExpiresOn().toInstant();
                found.add(new KeyVersion(version.getVersion(), spki, notBefore, notAfter));
            }
            found.sort(Comparator.comparing(KeyVersion::notBefore));
            return List.copyOf(found);
        });
        cached = new Cached(now, versions);
        return versions;
    }

    private static <T> T call(String what, java.util.function.Supplier<T> operation) {
        try {
            return operation.get();
        } catch (HttpResponseException e) {
            throw new DependencyUnavailableException("Key Vault answered HTTP " + e.getResponse().getStatusCode()
                    + " when asked to " + what, e);
        } catch (RuntimeException e) {
            throw new DependencyUnavailableException("Key Vault could not be reached to " + what, e);
        }
    }

    private static byte[] sha256(byte[] message) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(message);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
