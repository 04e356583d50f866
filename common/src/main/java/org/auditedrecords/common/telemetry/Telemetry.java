package org.auditedrecords.common.telemetry;

import java.util.Map;

/**
 * What the code tells Application Insights beyond what its Java agent collects by itself: audit outcomes, key
 * re-reads, audit-call latency. Every outgoing call of the apps (the Mongo driver, the Azure SDK, the Jetty client
 * that calls the Audit API) is a dependency the agent already records, so there is no manual dependency tracking
 * to count them twice. Properties never carry a secret or a patient field value. {@link #NONE} when no connection string is set, so local runs and tests need no Azure.
 */
public interface Telemetry {

    /** A named business event, e.g. an audit outcome. */
    void event(String name, Map<String, String> properties);

    /** A measurement, e.g. audit-call latency in milliseconds. */
    void metric(String name, double value, Map<String, String> properties);

    Telemetry NONE = new Telemetry() {
        @Override
        public void event(String name, Map<String, String> properties) {
        }

        @Override
        public void metric(String name, double value, Map<String, String> properties) {
        }
    };
}
