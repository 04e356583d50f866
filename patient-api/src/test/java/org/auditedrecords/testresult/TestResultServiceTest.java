package org.auditedrecords.testresult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.auditedrecords.patient.PatientSamples.CLOCK;
import static org.auditedrecords.patient.PatientSamples.NOW_MILLIS;
import static org.auditedrecords.testresult.TestResultSamples.glucose;
import static org.auditedrecords.testresult.TestResultSamples.haemoglobin;
import static org.auditedrecords.testresult.TestResultSamples.stored;

import java.util.Optional;
import org.auditedrecords.audittrail.AuditAction;
import org.auditedrecords.audittrail.AuditEntry;
import org.auditedrecords.audittrail.AuditOutcome;
import org.auditedrecords.audittrail.AuditedAccess;
import org.auditedrecords.audittrail.Caller;
import org.auditedrecords.audittrail.FakeAuditTrail;
import org.auditedrecords.audittrail.ResourceType;
import org.auditedrecords.common.errors.DependencyUnavailableException;
import org.auditedrecords.common.errors.NotFoundException;
import org.auditedrecords.common.errors.PreconditionFailedException;
import org.auditedrecords.patient.FakePatientStore;
import org.auditedrecords.patient.IfMatch;
import org.auditedrecords.patient.Ids;
import org.auditedrecords.patient.PatientSamples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TestResultServiceTest {
    private static final String PATIENT = "5b0c2f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a";
    private static final String OTHER_PATIENT = "6c1d3f2a-8a3e-4d7c-9b1a-2f3e4d5c6b7a";
    private static final String TEST = "9b2e1f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a";

    private final FakePatientStore patients = new FakePatientStore();
    private final FakeTestResultStore tests = new FakeTestResultStore();
    private final FakeAuditTrail trail = new FakeAuditTrail();
    private final TestResultService service = new TestResultService(tests, patients, new AuditedAccess(trail), CLOCK);
    private final Caller caller = FakeAuditTrail.caller();

    @BeforeEach
    void storePatients() {
        patients.put(PatientSamples.stored(PATIENT, PatientSamples.ada(), 1));
        patients.put(PatientSamples.stored(OTHER_PATIENT, PatientSamples.alan(), 1));
    }

    private AuditEntry entry(AuditAction action, String testId, String patientId, AuditOutcome outcome) {
        return AuditEntry.of(caller, action, ResourceType.TEST, testId, patientId).withOutcome(outcome);
    }

    @Test
    void create_knownPatient_storesVersionOneAfterRecordingTheAttempt() {
        TestResult created = service.create(PATIENT, haemoglobin(), caller);

        assertThat(Ids.isWellFormed(created.id())).isTrue();
        assertThat(created).isEqualTo(new TestResult(created.id(), PATIENT, haemoglobin(), NOW_MILLIS, 1));
        assertThat(tests.stored(created.id())).contains(created);
        assertThat(trail.entries())
                .containsExactly(entry(AuditAction.CREATE, created.id(), PATIENT, AuditOutcome.ATTEMPTED));
    }

    @Test
    void create_unknownPatient_recordsFailedRelatedToTheAttemptStoresNothingAndThrowsNotFound() {
        String unknown = "00000000-0000-4000-8000-000000000000";

        assertThatThrownBy(() -> service.create(unknown, haemoglobin(), caller)).isInstanceOf(NotFoundException.class)
                .hasMessage("No patient has this id.");

        assertThat(tests.size()).isZero();
        var recorded = trail.recorded();
        assertThat(recorded).hasSize(2);
        assertThat(recorded.get(0).entry().patientId()).isEqualTo(unknown);
        assertThat(recorded.get(1).entry()).isEqualTo(AuditEntry.of(caller, AuditAction.CREATE, ResourceType.TEST,
                recorded.get(0).entry().resourceId(), unknown).failedAfter(recorded.get(0).id()));
    }

    @Test
    void create_auditUnavailable_storesNothing() {
        trail.goDown();

        assertThatThrownBy(() -> service.create(PATIENT, haemoglobin(), caller))
                .isInstanceOf(DependencyUnavailableException.class);

        assertThat(tests.size()).isZero();
    }

    @Test
    void create_storeDown_recordsFailedAndThrowsUnavailable() {
        tests.goDown();

        assertThatThrownBy(() -> service.create(PATIENT, haemoglobin(), caller))
                .isInstanceOf(DependencyUnavailableException.class);

        assertThat(trail.entries()).extracting(AuditEntry::outcome)
                .containsExactly(AuditOutcome.ATTEMPTED, AuditOutcome.FAILED);
    }

    @Test
    void list_knownPatient_returnsOnlyItsTestsAfterRecordingSuccess() {
        tests.put(stored(TEST, PATIENT, haemoglobin(), 1));
        tests.put(stored("0b2e1f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a", OTHER_PATIENT, glucose(), 1));

        assertThat(service.list(PATIENT, null, 20, caller).items()).extracting(TestResult::id).containsExactly(TEST);

        assertThat(trail.entries()).containsExactly(entry(AuditAction.READ, null, PATIENT, AuditOutcome.SUCCESS));
    }

    @Test
    void list_patientWithoutTests_isEmptyAndRecordedAsSuccess() {
        assertThat(service.list(OTHER_PATIENT, null, 20, caller).items()).isEmpty();

        assertThat(trail.entries()).containsExactly(entry(AuditAction.READ, null, OTHER_PATIENT, AuditOutcome.SUCCESS));
    }

    @Test
    void list_unknownOrMalformedPatient_recordsNotFoundAndThrowsNotFound() {
        String unknown = "00000000-0000-4000-8000-000000000000";

        assertThatThrownBy(() -> service.list(unknown, null, 20, caller)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.list("bad id", null, 20, caller)).isInstanceOf(NotFoundException.class);

        assertThat(trail.entries()).containsExactly(entry(AuditAction.READ, null, unknown, AuditOutcome.NOT_FOUND),
                entry(AuditAction.READ, null, null, AuditOutcome.NOT_FOUND));
    }

    @Test
    void load_ownTest_returnsItAfterRecordingSuccess() {
        TestResult test = stored(TEST, PATIENT, haemoglobin(), 4);
        tests.put(test);

        assertThat(service.load(PATIENT, TEST, caller)).isEqualTo(test);

        assertThat(trail.entries()).containsExactly(entry(AuditAction.READ, TEST, PATIENT, AuditOutcome.SUCCESS));
    }

    @Test
    void load_anotherPatientsTest_recordsNotFoundAndThrowsNotFound() {
        tests.put(stored(TEST, PATIENT, haemoglobin(), 1));

        assertThatThrownBy(() -> service.load(OTHER_PATIENT, TEST, caller)).isInstanceOf(NotFoundException.class)
                .hasMessage("No test has this id.");

        assertThat(trail.entries()).containsExactly(entry(AuditAction.READ, TEST, OTHER_PATIENT, AuditOutcome.NOT_FOUND));
    }

    @Test
    void load_auditUnavailable_throwsInsteadOfReturningTheTest() {
        tests.put(stored(TEST, PATIENT, haemoglobin(), 1));
        trail.goDown();

        assertThatThrownBy(() -> service.load(PATIENT, TEST, caller)).isInstanceOf(DependencyUnavailableException.class);
    }

    @Test
    void update_matchingIfMatch_replacesAndBumpsTheVersion() {
        tests.put(stored(TEST, PATIENT, haemoglobin(), 1));

        TestResult updated = service.update(PATIENT, TEST, glucose(), IfMatch.parse(Optional.of("\"1\"")), caller);

        assertThat(updated).isEqualTo(new TestResult(TEST, PATIENT, glucose(), NOW_MILLIS, 2));
        assertThat(tests.stored(TEST)).contains(updated);
        assertThat(trail.entries()).containsExactly(entry(AuditAction.UPDATE, TEST, PATIENT, AuditOutcome.ATTEMPTED));
    }

    @Test
    void update_staleIfMatch_recordsFailedAndThrowsPreconditionFailed() {
        TestResult current = stored(TEST, PATIENT, haemoglobin(), 3);
        tests.put(current);

        assertThatThrownBy(() -> service.update(PATIENT, TEST, glucose(), IfMatch.parse(Optional.of("\"2\"")), caller))
                .isInstanceOf(PreconditionFailedException.class);

        assertThat(tests.stored(TEST)).contains(current);
        var recorded = trail.recorded();
        assertThat(recorded).extracting(r -> r.entry().outcome())
                .containsExactly(AuditOutcome.ATTEMPTED, AuditOutcome.FAILED);
        assertThat(recorded.get(1).entry().relatesTo()).isEqualTo(recorded.get(0).id());
    }

    @Test
    void update_testOfAnotherPatient_recordsFailedAndThrowsNotFoundLeavingItAlone() {
        TestResult other = stored(TEST, PATIENT, haemoglobin(), 1);
        tests.put(other);

        assertThatThrownBy(() -> service.update(OTHER_PATIENT, TEST, glucose(), IfMatch.none(), caller))
                .isInstanceOf(NotFoundException.class);

        assertThat(tests.stored(TEST)).contains(other);
        assertThat(trail.entries()).extracting(AuditEntry::outcome)
                .containsExactly(AuditOutcome.ATTEMPTED, AuditOutcome.FAILED);
    }

    @Test
    void update_malformedTestId_recordsWithoutItAndThrowsNotFound() {
        assertThatThrownBy(() -> service.update(PATIENT, "x", glucose(), IfMatch.none(), caller))
                .isInstanceOf(NotFoundException.class);

        assertThat(trail.entries()).containsExactly(entry(AuditAction.UPDATE, null, PATIENT, AuditOutcome.ATTEMPTED),
                entry(AuditAction.UPDATE, null, PATIENT, AuditOutcome.FAILED)
                        .failedAfter(trail.recorded().get(0).id()));
    }
}
