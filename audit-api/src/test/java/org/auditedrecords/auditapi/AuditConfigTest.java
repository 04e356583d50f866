package org.auditedrecords.auditapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.util.Map;
import org.auditedrecords.common.config.ConfigException;
import org.auditedrecords.common.config.Env;
import org.junit.jupiter.api.Test;

/** The Audit API's settings: which witness, and fail-fast when Azure would run with the wrong one. */
class AuditConfigTest {
    private static final String CONTAINER = "https://auditwitness.blob.core.windows.net/checkpoints";

    @Test
    void from_azureWithTheBlobContainer_usesItAndBindsThePatientApiAsCaller() {
        // when
        AuditConfig config = AuditConfig.from(new Env(Map.of("KEY_VAULT_URI", "https://kv.vault.azure.net",
                "AUDIT_WITNESS_CONTAINER_URL", CONTAINER)));

        // then
        assertThat(config.witnessContainer()).contains(URI.create(CONTAINER));
        assertThat(config.witnessDirectory()).isEmpty();
        assertThat(config.callerSource()).isEqualTo("patient-api");
        assertThat(config.sourceSystemName()).isEqualTo("audit-api");
    }

    @Test
    void from_azureWithOnlyAWitnessDirectory_failsNamingTheContainerSetting() {
        // when
        Throwable thrown = catchThrowable(() -> AuditConfig.from(new Env(Map.of("KEY_VAULT_URI",
                "https://kv.vault.azure.net", "AUDIT_WITNESS_DIR", "/tmp/witness"))));

        // then
        assertThat(thrown).isInstanceOf(ConfigException.class).hasMessageContaining("AUDIT_WITNESS_CONTAINER_URL")
                .hasMessageContaining("https");
    }

    @Test
    void from_noWitnessOrBoth_failsNamingBothSettings() {
        Throwable none = catchThrowable(() -> AuditConfig.from(new Env(Map.of())));
        Throwable both = catchThrowable(() -> AuditConfig.from(new Env(Map.of("AUDIT_WITNESS_CONTAINER_URL", CONTAINER,
                "AUDIT_WITNESS_DIR", "/tmp/witness"))));

        assertThat(none).isInstanceOf(ConfigException.class).hasMessageContaining("AUDIT_WITNESS_CONTAINER_URL")
                .hasMessageContaining("AUDIT_WITNESS_DIR");
        assertThat(both).isInstanceOf(ConfigException.class).hasMessageStartingWith("Set one of");
    }

    @Test
    void from_callerSourceIsTheRegistersOwnName_fails() {
        Throwable thrown = catchThrowable(() -> AuditConfig.from(new Env(Map.of("AUDIT_WITNESS_DIR", "/tmp/witness",
                "AUDIT_CALLER_SOURCE", "audit-api"))));

        assertThat(thrown).isInstanceOf(ConfigException.class).hasMessageContaining("AUDIT_CALLER_SOURCE");
    }
}
