package org.auditedrecords.common.secrets;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.util.BinaryData;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.Objects;

/**
 * Reads secrets from Azure Key Vault. The version of every returned {@link Secret} is Key Vault's version id.
 *
 * <p>Failures map as follows: 404, and a disabled secret or version (Key Vault answers 403 with inner error code
 * {@code SecretDisabled}), become {@link SecretNotFoundException}; every other HTTP error (401/403 access refused,
 * 429, 5xx) and every transport failure becomes {@link SecretSourceUnavailableException}, after the client's own
 * retries.
 */
public final class KeyVaultSecretSource implements SecretSource {
    private static final int FORBIDDEN = 403;
    private static final String SECRET_DISABLED = "SecretDisabled";

    private final SecretClient client;
    private final ObjectMapper json = new ObjectMapper();

    /** Uses a client built elsewhere, for example over a test HTTP client or with other retry options. */
    public KeyVaultSecretSource(SecretClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * A source for the vault at {@code vaultUri}, authenticated by {@code DefaultAzureCredential}: the app's managed
     * identity in Azure ({@code AZURE_CLIENT_ID} selects a user-assigned one), developer credentials elsewhere.
     * Only builds the client; the first read is the first contact with the vault.
     */
    public static KeyVaultSecretSource create(URI vaultUri) {
        Objects.requireNonNull(vaultUri, "vaultUri");
        return new KeyVaultSecretSource(new SecretClientBuilder()
                .vaultUrl(vaultUri.toString())
                .credential(new DefaultAzureCredentialBuilder().build())
                .buildClient());
    }

    @Override
    public Secret latest(String name) {
        SecretNames.requireValidName(name);
        return read(name, null);
    }

    @Override
    public Secret version(String name, String version) {
        SecretNames.requireValidName(name);
        if (!SecretNames.isWellFormedVersion(version)) {
            throw new SecretNotFoundException(name, version);
        }
        return read(name, version);
    }

    /** @param version {@code null} for the current version, which is what the client reads for a null version */
    private Secret read(String name, String version) {
        KeyVaultSecret secret;
        try {
            secret = client.getSecret(name, version);
        } catch (ResourceNotFoundException e) {
            throw new SecretNotFoundException(name, version, e);
        } catch (HttpResponseException e) {
            if (isSecretDisabled(e)) {
                throw new SecretNotFoundException(name, version, e);
            }
            throw new SecretSourceUnavailableException("Key Vault answered HTTP " + e.getResponse().getStatusCode()
                    + " reading secret '" + name + "'.", e);
        } catch (RuntimeException e) {
            // Transport failures reach the synchronous client as assorted unchecked wrappers (for example Reactor's
            // around an IOException), so everything that is not an HTTP answer means the vault could not be reached.
            throw new SecretSourceUnavailableException(
                    "Key Vault could not be reached reading secret '" + name + "'.", e);
        }
        return new Secret(name, secret.getProperties().getVersion(), secret.getValue());
    }

    /** Whether a refusal is Key Vault's "disabled secret" answer rather than an access-policy or RBAC refusal. */
    private boolean isSecretDisabled(HttpResponseException e) {
        if (e.getResponse().getStatusCode() != FORBIDDEN) {
            return false;
        }
        try {
            // The client reads error bodies eagerly, so the body can be read again here.
            BinaryData body = e.getResponse().getBodyAsBinaryData();
            return body != null && SECRET_DISABLED.equals(
                    json.readTree(body.toBytes()).path("error").path("innererror").path("code").asText());
        } catch (IOException | RuntimeException unreadable) {
            // A body that cannot be read proves nothing; the refusal is then reported as a refusal.
            return false;
        }
    }

    @Override
    public String toString() {
        return "KeyVaultSecretSource[" + client.getVaultUrl() + "]";
    }
}
