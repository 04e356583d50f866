package org.auditedrecords.patientapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.auditedrecords.common.config.ConfigException;
import org.auditedrecords.common.config.Env;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PatientConfigTest {
    private static final String URL = "https://audit-app.azurewebsites.net/api";

    @Test
    void from_onlyTheAuditApiUrl_usesTheDocumentedDefaults() {
        PatientConfig config = PatientConfig.from(new Env(Map.of("AUDIT_API_URL", URL)));

        assertThat(config).isEqualTo(new PatientConfig("patient-mongodb-uri", "patients", URI.create(URL),
                "audit-create-key", Optional.empty(), Duration.ofSeconds(5), "patient-api", Optional.empty(),
                Optional.empty(), Optional.empty(), Duration.ofHours(24), "gateway-assertion-key"));
    }

    @Test
    void from_everySetting_isRead() throws Exception {
        PatientConfig config = PatientConfig.from(new Env(Map.ofEntries(
                Map.entry("MONGODB_URI_SECRET", "uri-secret"),
                Map.entry("MONGODB_DATABASE", "db"),
                Map.entry("AUDIT_API_URL", "http://127.0.0.2:7072/api"),
                Map.entry("AUDIT_API_KEY_SECRET", "key-secret"),
                Map.entry("AUDIT_API_BIND_ADDRESS", "127.0.0.3"),
                Map.entry("AUDIT_API_TIMEOUT", "PT2.5S"),
                Map.entry("SOURCE_SYSTEM_NAME", "patient-api-eu"),
                Map.entry("EVENT_GRID_TOPIC_ENDPOINT", "https://evgt.westeurope-1.eventgrid.azure.net/api/events"),
                Map.entry("EVENT_GRID_KEY_SECRET", "topic-key"),
                Map.entry("EVENT_GRID_TRUSTED_CERTIFICATE", "data/topic.pem"),
                Map.entry("IDEMPOTENCY_RETENTION", "PT1H"),
                Map.entry("GATEWAY_ASSERTION_KEY_SECRET", "assertion-secret"))));

        assertThat(config).isEqualTo(new PatientConfig("uri-secret", "db", URI.create("http://127.0.0.2:7072/api"),
                "key-secret", Optional.of(InetAddress.getByName("127.0.0.3")), Duration.ofMillis(2500), "patient-api-eu",
                Optional.of(URI.create("https://evgt.westeurope-1.eventgrid.azure.net/api/events")),
                Optional.of("topic-key"), Optional.of(Path.of("data/topic.pem")), Duration.ofHours(1), "assertion-secret"));
    }

    @Test
    void from_ipv6BindAddress_isAccepted() throws Exception {
        PatientConfig config = PatientConfig.from(new Env(Map.of("AUDIT_API_URL", URL, "AUDIT_API_BIND_ADDRESS", "::1")));

        assertThat(config.auditApiBindAddress()).contains(InetAddress.getByName("::1"));
    }

    @Test
    void from_noAuditApiUrl_failsNamingTheSetting() {
        assertThatThrownBy(() -> PatientConfig.from(new Env(Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Set AUDIT_API_URL to the Audit API's base URL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://audit/api", "audit-app/api", "not a url"})
    void from_auditApiUrlNotHttp_fails(String url) {
        assertThatThrownBy(() -> PatientConfig.from(new Env(Map.of("AUDIT_API_URL", url))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("AUDIT_API_URL must be");
    }

    @ParameterizedTest
    @ValueSource(strings = {"audit-host", "256.0.0.1", "127.0.0", "127.1", "::g"})
    void from_bindAddressNotAnIpLiteral_failsWithoutALookup(String address) {
        assertThatThrownBy(() -> PatientConfig.from(new Env(Map.of("AUDIT_API_URL", URL,
                "AUDIT_API_BIND_ADDRESS", address))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("AUDIT_API_BIND_ADDRESS must be an IP address of this machine, e.g. 127.0.0.3.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://topic/api/events", "topic/api/events"})
    void from_eventGridTopicNotHttp_failsNamingTheSetting(String url) {
        assertThatThrownBy(() -> PatientConfig.from(new Env(Map.of("AUDIT_API_URL", URL,
                "EVENT_GRID_TOPIC_ENDPOINT", url))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("EVENT_GRID_TOPIC_ENDPOINT must be");
    }

    @ParameterizedTest
    @ValueSource(strings = {"24h", "PT0S", "-PT1H"})
    void from_idempotencyRetentionNotAPositiveIsoDuration_fails(String retention) {
        assertThatThrownBy(() -> PatientConfig.from(new Env(Map.of("AUDIT_API_URL", URL,
                "IDEMPOTENCY_RETENTION", retention))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("IDEMPOTENCY_RETENTION must");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5s", "PT0S", "-PT1S"})
    void from_timeoutNotAPositiveIsoDuration_fails(String timeout) {
        assertThatThrownBy(() -> PatientConfig.from(new Env(Map.of("AUDIT_API_URL", URL, "AUDIT_API_TIMEOUT", timeout))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("AUDIT_API_TIMEOUT must");
    }
}
