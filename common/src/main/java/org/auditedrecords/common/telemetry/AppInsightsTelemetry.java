package org.auditedrecords.common.telemetry;

import com.microsoft.applicationinsights.TelemetryClient;
import com.microsoft.applicationinsights.telemetry.MetricTelemetry;
import java.util.Map;
import org.auditedrecords.common.config.Env;

/**
 * Telemetry through {@code applicationinsights-core}: in Azure the Application Insights Java agent (enabled by
 * Terraform) picks these calls up and correlates them with the current request's operation (its W3C trace).
 */
public final class AppInsightsTelemetry implements Telemetry {
    /** Set by Terraform on both apps; when absent, telemetry is a no-op. */
    public static final String CONNECTION_STRING = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    private final TelemetryClient client;

    public AppInsightsTelemetry(TelemetryClient client) {
        this.client = client;
    }

    /** Application Insights when the connection string is set, else {@link Telemetry#NONE}. */
    public static Telemetry fromEnvironment(Env env) {
        return env.optional(CONNECTION_STRING).isPresent() ? new AppInsightsTelemetry(new TelemetryClient()) : Telemetry.NONE;
    }

    @Override
    public void event(String name, Map<String, String> properties) {
        client.trackEvent(name, properties, null);
    }

    @Override
    public void metric(String name, double value, Map<String, String> properties) {
        MetricTelemetry metric = new MetricTelemetry(name, value);
        metric.getProperties().putAll(properties);
        client.trackMetric(metric);
    }

}
