package org.auditedrecords.common.secrets;

import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.auditedrecords.common.config.ConfigException;
import org.auditedrecords.common.config.Env;

/** The one place an app turns its environment into its process-wide {@link SecretSource}. */
public final class SecretSources {
    /** The vault to read in Azure, for example {@code https://my-vault.vault.azure.net/}. Wins over a local vault. */
    public static final String KEY_VAULT_URI = "KEY_VAULT_URI";
    /** The {@link LocalVault} directory for local runs; used when {@link #KEY_VAULT_URI} is not set. */
    public static final String LOCAL_VAULT_DIR = "LOCAL_VAULT_DIR";
    /** How long a latest secret is cached, as an ISO-8601 duration; default {@link #DEFAULT_CACHE_TTL}. */
    public static final String SECRET_CACHE_TTL = "SECRET_CACHE_TTL";
    /** Five minutes: a rotation reaches every reader within that time, or sooner where a reader invalidates. */
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);

    private SecretSources() {
    }

    /** As {@link #fromEnvironment(Env, Clock)} with the system UTC clock. */
    public static CachingSecretSource fromEnvironment(Env env) {
        return fromEnvironment(env, Clock.systemUTC());
    }

    /**
     * Key Vault when {@value #KEY_VAULT_URI} is set, else the local vault in {@value #LOCAL_VAULT_DIR}, cached for
     * {@value #SECRET_CACHE_TTL}. Build it once per process and share it.
     *
     * @throws ConfigException when neither location is set or a setting is malformed
     */
    public static CachingSecretSource fromEnvironment(Env env, Clock clock) {
        Duration ttl = env.duration(SECRET_CACHE_TTL, DEFAULT_CACHE_TTL);
        return new CachingSecretSource(backend(env, clock), ttl, clock);
    }

    private static SecretSource backend(Env env, Clock clock) {
        Optional<URI> vault = env.uri(KEY_VAULT_URI);
        if (vault.isPresent()) {
            return KeyVaultSecretSource.create(vault.get());
        }
        String directory = env.optional(LOCAL_VAULT_DIR).orElseThrow(() -> new ConfigException(
                "Set " + KEY_VAULT_URI + " to read secrets from Key Vault, or " + LOCAL_VAULT_DIR
                        + " to read them from a local vault directory."));
        try {
            return new LocalVault(Path.of(directory), clock);
        } catch (InvalidPathException e) {
            throw new ConfigException(LOCAL_VAULT_DIR + " must be a directory path.");
        }
    }
}
