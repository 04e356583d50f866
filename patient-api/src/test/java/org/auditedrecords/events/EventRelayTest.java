package org.auditedrecords.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.auditedrecords.patient.PatientSamples.CLOCK;
import static org.auditedrecords.patient.PatientSamples.ada;
import static org.auditedrecords.patient.PatientSamples.alan;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.auditedrecords.audittrail.AuditedAccess;
import org.auditedrecords.audittrail.Caller;
import org.auditedrecords.audittrail.FakeAuditTrail;
import org.auditedrecords.common.errors.DependencyUnavailableException;
import org.auditedrecords.common.errors.PreconditionFailedException;
import org.auditedrecords.patient.FakePatientStore;
import org.auditedrecords.patient.IfMatch;
import org.auditedrecords.patient.Patient;
import org.auditedrecords.patient.PatientService;
import org.auditedrecords.testresult.FakeTestResultStore;
import org.auditedrecords.testresult.TestResult;
import org.auditedrecords.testresult.TestResultSamples;
import org.auditedrecords.testresult.TestResultService;
import org.junit.jupiter.api.Test;

/** The relay's guarantees, on the real services over fake stores: each is broken on purpose and shown to hold. */
class EventRelayTest {
    private final FakePatientStore patients = new FakePatientStore();
    private final FakeTestResultStore tests = new FakeTestResultStore();
    private final FakeAuditTrail trail = new FakeAuditTrail();
    private final PatientService patientService = new PatientService(patients, new AuditedAccess(trail), CLOCK);
    private final TestResultService testService =
            new TestResultService(tests, patients, new AuditedAccess(trail), CLOCK);
    private final RecordingPublisher topic = new RecordingPublisher();
    private final Caller caller = FakeAuditTrail.caller();

    private EventRelay relay(Outbox patientOutbox, int perRound) {
        return new EventRelay(List.of(patientOutbox, tests.outbox()), topic, perRound, CLOCK);
    }

    @Test
    void relay_afterEveryKindOfWrite_publishesOneEventPerWriteWithIdsVersionAndTraceThenClears() {
        Patient ada = patientService.create(ada(), caller);
        patientService.update(ada.id(), alan(), IfMatch.none(), caller);
        TestResult test = testService.create(ada.id(), TestResultSamples.haemoglobin(), caller);
        testService.update(ada.id(), test.id(), TestResultSamples.glucose(), IfMatch.none(), caller);

        int published = relay(patients.outbox(), 100).relay(Duration.ofSeconds(1));

        assertThat(published).isEqualTo(4);
        assertThat(topic.events()).extracting(PendingEvent::type, PendingEvent::subject, PendingEvent::version,
                PendingEvent::traceId).containsExactly(
                tuple(EventType.PATIENT_CREATED, "patients/" + ada.id(), 1L,
                        caller.correlationId()),
                tuple(EventType.PATIENT_UPDATED, "patients/" + ada.id(), 2L,
                        caller.correlationId()),
                tuple(EventType.TEST_RESULT_RECORDED,
                        "patients/" + ada.id() + "/tests/" + test.id(), 1L, caller.correlationId()),
                tuple(EventType.TEST_RESULT_UPDATED,
                        "patients/" + ada.id() + "/tests/" + test.id(), 2L, caller.correlationId()));
        assertThat(topic.events()).extracting(PendingEvent::id).doesNotHaveDuplicates();
        assertThat(patients.outbox().waiting()).isEmpty();
        assertThat(tests.outbox().waiting()).isEmpty();
        assertThat(relay(patients.outbox(), 100).relay(Duration.ofSeconds(1))).isZero();
    }

    @Test
    void relay_writeThatFailed_hasNoEventToPublish() {
        Patient ada = patientService.create(ada(), caller);
        relay(patients.outbox(), 100).relay(Duration.ofSeconds(1));

        assertThatThrownBy(() -> patientService.update(ada.id(), alan(), IfMatch.parse(Optional.of("\"7\"")),
                caller)).isInstanceOf(PreconditionFailedException.class);
        trail.goDown();
        assertThatThrownBy(() -> patientService.create(alan(), caller)).isInstanceOf(DependencyUnavailableException.class);

        assertThat(relay(patients.outbox(), 100).relay(Duration.ofSeconds(1))).isZero();
        assertThat(topic.events()).hasSize(1);
    }

    @Test
    void relay_topicRefusesTheBatch_clearsNothingAndTheNextRunPublishesTheSameEvents() {
        patientService.create(ada(), caller);
        topic.refuseNext(1);

        assertThatThrownBy(() -> relay(patients.outbox(), 100).relay(Duration.ofSeconds(1)))
                .isInstanceOf(DependencyUnavailableException.class);
        assertThat(patients.outbox().waiting()).hasSize(1);

        relay(patients.outbox(), 100).relay(Duration.ofSeconds(1));
        assertThat(topic.events()).isEqualTo(patients.outbox().added());
        assertThat(patients.outbox().waiting()).isEmpty();
    }

    @Test
    void relay_killedBetweenPublishingAndClearing_publishesTheSameEventIdAgainNeverLosesIt() {
        Patient ada = patientService.create(ada(), caller);
        Outbox crashingOnClear = new Outbox() {
            @Override
            public List<PendingResource> pending(int limit) {
                return patients.outbox().pending(limit);
            }

            @Override
            public void clear(PendingResource resource, List<String> eventIds) {
                throw new IllegalStateException("relay killed after publishing");
            }
        };

        assertThatThrownBy(() -> relay(crashingOnClear, 100).relay(Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class);
        relay(patients.outbox(), 100).relay(Duration.ofSeconds(1));

        assertThat(topic.events()).hasSize(2).extracting(PendingEvent::id).containsOnly(
                patients.outbox().added().get(0).id());
        assertThat(topic.events().get(0).subject()).isEqualTo("patients/" + ada.id());
        assertThat(patients.outbox().waiting()).isEmpty();
    }

    @Test
    void relay_resourceWrittenTwiceBeforeARun_publishesItsEventsInWriteOrderInOneBatch() {
        Patient ada = patientService.create(ada(), caller);
        patientService.update(ada.id(), alan(), IfMatch.none(), caller);
        patientService.update(ada.id(), ada(), IfMatch.none(), caller);

        relay(patients.outbox(), 100).relay(Duration.ofSeconds(1));

        assertThat(topic.batches()).singleElement().asList().extracting(e -> ((PendingEvent) e).version())
                .containsExactly(1L, 2L, 3L);
    }

    @Test
    void relay_morePendingResourcesThanARound_keepsGoingUntilTheOutboxIsEmpty() {
        for (int i = 0; i < 5; i++) {
            patientService.create(ada(), caller);
        }

        int published = relay(patients.outbox(), 2).relay(Duration.ofSeconds(30));

        assertThat(published).isEqualTo(5);
        assertThat(topic.batches()).hasSize(3);
        assertThat(patients.outbox().waiting()).isEmpty();
    }

    @Test
    void relay_budgetSpent_stopsAfterOneRoundAndLeavesTheRestForTheNextRun() {
        for (int i = 0; i < 5; i++) {
            patientService.create(ada(), caller);
        }

        int published = relay(patients.outbox(), 2).relay(Duration.ZERO);

        assertThat(published).isEqualTo(2);
        assertThat(patients.outbox().waiting()).hasSize(3);
    }
}
