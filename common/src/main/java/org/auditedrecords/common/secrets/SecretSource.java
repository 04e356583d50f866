package org.auditedrecords.common.secrets;

/**
 * Reads named, versioned secrets: keys and connection strings.
 *
 * <p>Implementations are thread-safe. Names follow Key Vault's rules ({@code ^[0-9a-zA-Z-]{1,127}$}); an invalid
 * name is a programming error and fails with {@link IllegalArgumentException}.
 */
public interface SecretSource {

    /**
     * The newest enabled version of a secret.
     *
     * @throws SecretNotFoundException         when the secret does not exist or has no enabled version
     * @throws SecretSourceUnavailableException when the backend cannot be reached or refuses access
     */
    Secret latest(String name);

    /**
     * One specific version of a secret, for example the one a stored signature was made with.
     *
     * @throws SecretNotFoundException         when that version does not exist, is disabled, or is not a well-formed
     *                                         version id
     * @throws SecretSourceUnavailableException when the backend cannot be reached or refuses access
     */
    Secret version(String name, String version);
}
