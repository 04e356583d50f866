package org.auditedrecords.common.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyVaultSecretSourceTest {
    private static final String OLD = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final String CURRENT = "f9e8d7c6b5a4938271605f4e3d2c1b0a";
    private static final String OLD_VALUE = "old-key-value-AAAA";
    private static final String CURRENT_VALUE = "current-key-value-BBBB";

    private final FakeKeyVault vault = new FakeKeyVault()
            .with("audit-api-key", OLD, OLD_VALUE, true)
            .with("audit-api-key", CURRENT, CURRENT_VALUE, true);
    private final KeyVaultSecretSource source = new KeyVaultSecretSource(vault.client());

    @Test
    void latest_currentVersionEnabled_returnsItsValueAndKeyVaultVersionId() {
        // when
        Secret secret = source.latest("audit-api-key");

        // then
        assertThat(secret).isEqualTo(new Secret("audit-api-key", CURRENT, CURRENT_VALUE));
    }

    @Test
    void version_olderVersion_returnsThatVersion() {
        // when
        Secret secret = source.version("audit-api-key", OLD);

        // then
        assertThat(secret).isEqualTo(new Secret("audit-api-key", OLD, OLD_VALUE));
    }

    @Test
    void latest_unknownSecret_throwsNotFoundNamingIt() {
        // when
        Throwable thrown = catchThrowable(() -> source.latest("no-such-secret"));

        // then
        assertThat(thrown).isInstanceOf(SecretNotFoundException.class).hasMessageContaining("'no-such-secret'");
        assertThat(((SecretNotFoundException) thrown).secretName()).isEqualTo("no-such-secret");
    }

    @Test
    void version_unknownVersion_throwsNotFound() {
        assertThatThrownBy(() -> source.version("audit-api-key", "00000000000000000000000000000000"))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessageContaining("00000000000000000000000000000000");
    }

    @Test
    void version_malformedVersion_throwsNotFoundWithoutAskingTheVault() {
        // when
        Throwable thrown = catchThrowable(() -> source.version("audit-api-key", "../keys/other"));

        // then
        assertThat(thrown).isInstanceOf(SecretNotFoundException.class);
        assertThat(vault.secretReads()).isZero();
    }

    @Test
    void latest_currentVersionDisabled_throwsNotFoundWithoutTheValue() {
        // given
        vault.with("audit-api-key", "11111111111111111111111111111111", "disabled-value-CCCC", false);

        // when
        Throwable thrown = catchThrowable(() -> source.latest("audit-api-key"));

        // then
        assertThat(thrown).isInstanceOf(SecretNotFoundException.class);
        assertThat(messagesOf(thrown)).noneMatch(message -> message.contains("disabled-value-CCCC"));
    }

    @Test
    void version_disabledVersion_throwsNotFound() {
        // given
        vault.with("db-connection", "22222222222222222222222222222222", "mongodb://user:pw@host", false)
                .with("db-connection", "33333333333333333333333333333333", "mongodb://user:pw2@host", true);

        // when
        Throwable thrown = catchThrowable(() -> source.version("db-connection", "22222222222222222222222222222222"));

        // then
        assertThat(thrown).isInstanceOf(SecretNotFoundException.class);
        assertThat(source.latest("db-connection").version()).isEqualTo("33333333333333333333333333333333");
    }

    @ParameterizedTest
    @CsvSource({
        "500, InternalServerError,",
        "503, ServiceUnavailable,",
        "429, Throttled,",
        "403, Forbidden, ForbiddenByRbac",
        "401, Unauthorized, AKV10032",
    })
    void latest_vaultRefusesOrFails_throwsUnavailableNamingTheSecretAndStatus(int status, String code, String inner) {
        // given
        vault.failWith(status, code, inner);

        // when
        Throwable thrown = catchThrowable(() -> source.latest("audit-api-key"));

        // then
        assertThat(thrown).isInstanceOf(SecretSourceUnavailableException.class)
                .hasMessage("Key Vault answered HTTP " + status + " reading secret 'audit-api-key'.")
                .hasCauseInstanceOf(com.azure.core.exception.HttpResponseException.class);
        assertThat(messagesOf(thrown)).noneMatch(message -> message.contains(CURRENT_VALUE));
    }

    @Test
    void latest_vaultUnreachable_throwsUnavailableWithTheCause() {
        // given
        vault.failConnections();

        // when
        Throwable thrown = catchThrowable(() -> source.latest("audit-api-key"));

        // then
        assertThat(thrown).isInstanceOf(SecretSourceUnavailableException.class)
                .hasMessage("Key Vault could not be reached reading secret 'audit-api-key'.")
                .hasRootCauseMessage("Connection refused: test-vault.vault.azure.net");
    }

    @Test
    void latest_invalidName_isRejectedBeforeAnyRequest() {
        assertThatThrownBy(() -> source.latest("not/a-name")).isInstanceOf(IllegalArgumentException.class);
        assertThat(vault.secretReads()).isZero();
    }

    @Test
    void create_vaultUri_buildsASourceForThatVaultWithoutContactingIt() {
        // when
        KeyVaultSecretSource created = KeyVaultSecretSource.create(URI.create("https://prod-vault.vault.azure.net"));

        // then
        assertThat(created).hasToString("KeyVaultSecretSource[https://prod-vault.vault.azure.net]");
    }

    private static List<String> messagesOf(Throwable thrown) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
            messages.add(t.toString());
        }
        return messages;
    }
}
