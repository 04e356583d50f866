package org.auditedrecords.common.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import com.microsoft.applicationinsights.TelemetryClient;
import com.microsoft.applicationinsights.telemetry.MetricTelemetry;
import java.util.Map;
import org.auditedrecords.common.config.Env;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class AppInsightsTelemetryTest {
    private final TelemetryClient client = mock(TelemetryClient.class);
    private final AppInsightsTelemetry telemetry = new AppInsightsTelemetry(client);

    @Test
    void fromEnvironment_withoutConnectionString_isTheNoOp() {
        assertThat(AppInsightsTelemetry.fromEnvironment(new Env(Map.of()))).isSameAs(Telemetry.NONE);
        assertThat(AppInsightsTelemetry.fromEnvironment(new Env(Map.of(AppInsightsTelemetry.CONNECTION_STRING,
                "InstrumentationKey=00000000-0000-0000-0000-000000000000")))).isInstanceOf(AppInsightsTelemetry.class);
    }

    @Test
    void metric_carriesValueAndProperties() {
        telemetry.metric("AuditCallLatencyMs", 12.5, Map.of("outcome", "success"));

        ArgumentCaptor<MetricTelemetry> captured = ArgumentCaptor.forClass(MetricTelemetry.class);
        verify(client).trackMetric(captured.capture());
        assertThat(captured.getValue().getName()).isEqualTo("AuditCallLatencyMs");
        assertThat(captured.getValue().getValue()).isEqualTo(12.5);
        assertThat(captured.getValue().getProperties()).containsEntry("outcome", "success");
    }

    @Test
    void event_isTrackedByName() {
        telemetry.event("AuditKeyRefreshed", Map.of("secret", "audit-create-key"));

        verify(client).trackEvent(eq("AuditKeyRefreshed"), eq(Map.of("secret", "audit-create-key")), isNull());
    }
}
