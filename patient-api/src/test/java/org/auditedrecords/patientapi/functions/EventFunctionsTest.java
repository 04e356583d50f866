package org.auditedrecords.patientapi.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.microsoft.azure.functions.ExecutionContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.auditedrecords.audittrail.FakeAuditTrail;
import org.auditedrecords.common.errors.DependencyUnavailableException;
import org.auditedrecords.events.EventRelay;
import org.auditedrecords.events.RecordingPublisher;
import org.auditedrecords.idempotency.FakeIdempotencyStore;
import org.auditedrecords.patient.FakePatientStore;
import org.auditedrecords.patient.PatientSamples;
import org.auditedrecords.patientapi.PatientApp;
import org.auditedrecords.testresult.FakeTestResultStore;
import org.junit.jupiter.api.Test;

/** The timer adapter of the relay: it runs the relay, logs the count, and fails the invocation when the relay fails. */
class EventFunctionsTest {
    private final FakePatientStore patients = new FakePatientStore();
    private final FakeTestResultStore tests = new FakeTestResultStore();
    private final RecordingPublisher topic = new RecordingPublisher();
    private final List<LogRecord> logged = new ArrayList<>();
    private final ExecutionContext context = context();

    private ExecutionContext context() {
        Logger logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        ExecutionContext mocked = mock(ExecutionContext.class);
        when(mocked.getLogger()).thenReturn(logger);
        when(mocked.getInvocationId()).thenReturn("invocation-1");
        when(mocked.getFunctionName()).thenReturn("RelayEvents");
        return mocked;
    }

    private EventFunctions functions(boolean withRelay) {
        Optional<EventRelay> relay = withRelay ? Optional.of(new EventRelay(List.of(patients.outbox(), tests.outbox()), topic,
                EventRelay.DEFAULT_RESOURCES_PER_ROUND, PatientSamples.CLOCK)) : Optional.empty();
        PatientApp app = PatientApp.of(patients, tests, new FakeIdempotencyStore(), new FakeAuditTrail(), relay,
                Duration.ofHours(24), FunctionCalls.CALLERS, PatientSamples.CLOCK);
        app.patients().create(PatientSamples.ada(), FakeAuditTrail.caller());
        return new EventFunctions(() -> app);
    }

    @Test
    void relay_pendingEvent_publishesItAndLogsTheCount() {
        functions(true).relay("{}", context);

        assertThat(topic.events()).hasSize(1);
        assertThat(logged).singleElement().extracting(LogRecord::getMessage).asString()
                .contains("\"event\":\"relay\"", "\"published\":1", "\"invocationId\":\"invocation-1\"");
    }

    @Test
    void relay_noTopicConfigured_publishesNothingAndWarnsThatEventsWait() {
        functions(false).relay("{}", context);

        assertThat(patients.outbox().waiting()).hasSize(1);
        assertThat(logged).singleElement().satisfies(r -> {
            assertThat(r.getLevel()).isEqualTo(Level.WARNING);
            assertThat(r.getMessage()).contains("events wait in the outbox");
        });
    }

    @Test
    void relay_topicDown_failsTheInvocationAndKeepsTheEvent() {
        EventFunctions functions = functions(true);
        topic.refuseNext(1);

        assertThatThrownBy(() -> functions.relay("{}", context)).isInstanceOf(DependencyUnavailableException.class);

        assertThat(patients.outbox().waiting()).hasSize(1);
        assertThat(logged).singleElement().extracting(LogRecord::getMessage).asString()
                .contains("\"failure\":\"The topic refused the batch (fake)\"");
    }
}
