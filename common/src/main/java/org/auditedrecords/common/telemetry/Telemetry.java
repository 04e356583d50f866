package org.auditedrecords.common.telemetry;

import java.time.Duration;
import java.util.Map;

/**
 * What the code tells Application Insights beyond what its Java agent collects by itself (requests, Mongo and
 * HTTP dependencies, logs): audit outcomes, key refreshes, audit-call latency. Properties never carry a secret or a
 * patient field value. {@link #NONE} when no connection string is set, so local runs and tests need no Azure.
 */
public interface Telemetry {

    /** A named business event, e.g. an audit outcome. */
    void event(String name, Map<String, String> properties);

    /** A measurement, e.g. audit-call latency in milliseconds. */
    void metric(String name, double value, Map<String, String> properties);

    /** A call to another component that the agent cannot see on its own. */
    void dependency(Dependency dependency);

    /**
     * @param type       e.g. "HTTP"
     * @param target     the host called (no path or query: those may carry ids or keys)
     * @param name       the operation, e.g. "POST /api/auditrecord"
     * @param resultCode e.g. the HTTP status, or the failure kind
     */
    record Dependency(String type, String target, String name, Duration duration, boolean success, String resultCode) {
    }

    Telemetry NONE = new Telemetry() {
        @Override
        public void event(String name, Map<String, String> properties) {
        }

        @Override
        public void metric(String name, double value, Map<String, String> properties) {
        }

        @Override
        public void dependency(Dependency dependency) {
        }
    };
}
