package org.auditedrecords.patientapi.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.auditedrecords.common.logging.StructuredLog;
import org.auditedrecords.events.EventRelay;
import org.auditedrecords.patientapi.PatientApp;

/**
 * The outbox relay as a timer-triggered function: every {@value #SCHEDULE_SECONDS} seconds it publishes the pending
 * events to the Event Grid topic and clears them (see {@link EventRelay} for the guarantees). The Functions runtime
 * runs a timer function on one instance at a time, so runs do not overlap; if they ever did, an event would only be
 * published twice, which consumers dedupe.
 */
public class EventFunctions {
    static final int SCHEDULE_SECONDS = 5;
    /** NCRONTAB with seconds: every {@value #SCHEDULE_SECONDS} seconds. */
    static final String SCHEDULE = "*/5 * * * * *";
    /** A run stops starting rounds before the next one is due. */
    static final Duration RUN_BUDGET = Duration.ofSeconds(SCHEDULE_SECONDS - 1);

    private final Supplier<PatientApp> app;

    public EventFunctions() {
        this(PatientApp::process);
    }

    /** For tests: functions served by a given app instead of the process-wide one. */
    public EventFunctions(Supplier<PatientApp> app) {
        this.app = app;
    }

    /**
     * Relays one run's worth of events. A failure (store or topic down) fails the invocation, so it shows in the
     * app's telemetry; the events stay in the outbox for the next run.
     */
    @FunctionName("RelayEvents")
    public void relay(@TimerTrigger(name = "timer", schedule = SCHEDULE) String timerInfo, ExecutionContext context) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", "relay");
        fields.put("invocationId", context.getInvocationId());
        fields.put("functionName", context.getFunctionName());
        var relay = app.get().eventRelay();
        if (relay.isEmpty()) {
            fields.put("published", 0);
            fields.put("detail", "no topic configured; events wait in the outbox");
            StructuredLog.log(context.getLogger(), Level.WARNING, "patient-api", fields);
            return;
        }
        try {
            fields.put("published", relay.get().relay(RUN_BUDGET));
            StructuredLog.log(context.getLogger(), Level.INFO, "patient-api", fields);
        } catch (RuntimeException failure) {
            fields.put("failure", failure.getMessage());
            StructuredLog.log(context.getLogger(), Level.WARNING, "patient-api", fields);
            throw failure;
        }
    }
}
