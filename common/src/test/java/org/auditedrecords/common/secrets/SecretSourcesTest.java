package org.auditedrecords.common.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.auditedrecords.common.config.ConfigException;
import org.auditedrecords.common.config.Env;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretSourcesTest {
    private static final String VAULT = "https://prod-vault.vault.azure.net";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void fromEnvironment_keyVaultUri_readsKeyVaultCachedForTheDefaultTtl() {
        // when
        CachingSecretSource source = SecretSources.fromEnvironment(env(Map.of(SecretSources.KEY_VAULT_URI, VAULT)));

        // then
        assertThat(source).hasToString("CachingSecretSource[ttl=PT5M, delegate=KeyVaultSecretSource[" + VAULT + "]]");
    }

    @Test
    void fromEnvironment_bothSet_keyVaultWins() {
        // when
        CachingSecretSource source = SecretSources.fromEnvironment(env(Map.of(
                SecretSources.KEY_VAULT_URI, VAULT,
                SecretSources.LOCAL_VAULT_DIR, dir.toString(),
                SecretSources.SECRET_CACHE_TTL, "PT30S")), clock);

        // then
        assertThat(source).hasToString("CachingSecretSource[ttl=PT30S, delegate=KeyVaultSecretSource[" + VAULT + "]]");
    }

    @Test
    void fromEnvironment_localVaultDir_readsThatVaultCachedForTheConfiguredTtl() {
        // given
        LocalVault writer = new LocalVault(dir, clock);
        writer.put("audit-api-key", "value-1");
        CachingSecretSource source = SecretSources.fromEnvironment(env(Map.of(
                SecretSources.LOCAL_VAULT_DIR, dir.toString(),
                SecretSources.SECRET_CACHE_TTL, "PT1M")), clock);
        source.latest("audit-api-key");
        writer.put("audit-api-key", "value-2");

        // when
        String beforeTtl = source.latest("audit-api-key").value();
        clock.advance(Duration.ofMinutes(1));
        String afterTtl = source.latest("audit-api-key").value();

        // then
        assertThat(beforeTtl).isEqualTo("value-1");
        assertThat(afterTtl).isEqualTo("value-2");
        assertThat(source).hasToString("CachingSecretSource[ttl=PT1M, delegate=LocalVault[" + dir + "]]");
    }

    @Test
    void fromEnvironment_neitherSet_failsFastSayingWhatToSet() {
        assertThatThrownBy(() -> SecretSources.fromEnvironment(env(Map.of(SecretSources.LOCAL_VAULT_DIR, " "))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Set KEY_VAULT_URI to read secrets from Key Vault, or LOCAL_VAULT_DIR to read them from "
                        + "a local vault directory.");
    }

    @Test
    void fromEnvironment_malformedSettings_failFastNamingTheSetting() {
        assertThatThrownBy(() -> SecretSources.fromEnvironment(env(Map.of(
                SecretSources.LOCAL_VAULT_DIR, dir.toString(), SecretSources.SECRET_CACHE_TTL, "5 minutes"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("SECRET_CACHE_TTL ");
        assertThatThrownBy(() -> SecretSources.fromEnvironment(env(Map.of(SecretSources.KEY_VAULT_URI, "my-vault"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("KEY_VAULT_URI must be an absolute URL.");
        assertThatThrownBy(() -> SecretSources.fromEnvironment(env(Map.of(SecretSources.LOCAL_VAULT_DIR, "bad\0path"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("LOCAL_VAULT_DIR must be a directory path.");
    }

    private static Env env(Map<String, String> values) {
        return new Env(values);
    }
}
