package org.auditedrecords.testresult;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.auditedrecords.audittrail.AuditAction;
import org.auditedrecords.audittrail.AuditEntry;
import org.auditedrecords.audittrail.AuditedAccess;
import org.auditedrecords.audittrail.AuditedWrite;
import org.auditedrecords.audittrail.Caller;
import org.auditedrecords.audittrail.ResourceType;
import org.auditedrecords.common.errors.NotFoundException;
import org.auditedrecords.events.EventType;
import org.auditedrecords.events.PendingEvent;
import org.auditedrecords.patient.IfMatch;
import org.auditedrecords.patient.Ids;
import org.auditedrecords.patient.OptimisticUpdate;
import org.auditedrecords.patient.Page;
import org.auditedrecords.patient.PatientStore;

/**
 * Creates, lists, reads and replaces the test results of a patient, each access audited by {@link AuditedAccess}
 * exactly as patients are (see {@link org.auditedrecords.patient.PatientService}). Entries name the resource type
 * {@code test}, the test's id when there is one, and the patient.
 */
public final class TestResultService {
    private final TestResultStore tests;
    private final PatientStore patients;
    private final AuditedAccess audit;
    private final Clock clock;

    public TestResultService(TestResultStore tests, PatientStore patients, AuditedAccess audit, Clock clock) {
        this.tests = tests;
        this.patients = patients;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Stores a new test of the patient under a new id, version 1.
     *
     * @param patientId well formed (checked by {@link TestResultInput#forCreate})
     * @throws NotFoundException when there is no such patient
     */
    public TestResult create(String patientId, TestResultDetails details, Caller caller) {
        return create(Ids.newId(), patientId, details, caller).value();
    }

    /**
     * Stores a new test of the patient under {@code id}, chosen beforehand so that an idempotent retry can name the
     * same one; otherwise as {@link #create(String, TestResultDetails, Caller)}.
     */
    public AuditedWrite<TestResult> create(String id, String patientId, TestResultDetails details, Caller caller) {
        return audit.writeRecorded(AuditEntry.of(caller, AuditAction.CREATE, ResourceType.TEST, id, patientId), () -> {
            if (patients.find(patientId).isEmpty()) {
                throw new NotFoundException("No patient has this id.");
            }
            TestResult test = new TestResult(id, patientId, details, now(), 1);
            tests.insert(test, event(test, caller));
            return test;
        });
    }

    /**
     * One page of the patient's tests in id order, possibly empty: at most {@code limit}, those after {@code afterId}
     * (from the first when null). The page is audited as one read of the patient's tests before it is returned.
     *
     * @throws NotFoundException when there is no such patient, or the id is malformed
     */
    public Page<TestResult> list(String patientId, String afterId, int limit, Caller caller) {
        String patient = Ids.wellFormedOrNull(patientId);
        return audit.read(AuditEntry.of(caller, AuditAction.READ, ResourceType.TEST, null, patient),
                        () -> patient == null || patients.find(patient).isEmpty() ? Optional.<Page<TestResult>>empty()
                                : Optional.of(Page.of(tests.list(patient, afterId, limit + 1), limit, TestResult::id)))
                .orElseThrow(() -> new NotFoundException("No patient has this id."));
    }

    /** @throws NotFoundException when the patient has no such test, or either id is malformed */
    public TestResult load(String patientId, String testId, Caller caller) {
        String patient = Ids.wellFormedOrNull(patientId);
        String test = Ids.wellFormedOrNull(testId);
        return audit.read(AuditEntry.of(caller, AuditAction.READ, ResourceType.TEST, test, patient),
                        () -> patient == null || test == null ? Optional.empty() : tests.find(patient, test))
                .orElseThrow(TestResultService::notFound);
    }

    /**
     * Replaces every client field of the test; see {@link OptimisticUpdate} for {@code ifMatch} and concurrency.
     *
     * @throws NotFoundException                                               when the patient has no such test
     * @throws org.auditedrecords.common.errors.PreconditionFailedException when {@code ifMatch} is stale
     */
    public TestResult update(String patientId, String testId, TestResultDetails details, IfMatch ifMatch,
                             Caller caller) {
        String patient = Ids.wellFormedOrNull(patientId);
        String test = Ids.wellFormedOrNull(testId);
        return audit.write(AuditEntry.of(caller, AuditAction.UPDATE, ResourceType.TEST, test, patient), () -> {
            if (patient == null || test == null) {
                throw notFound();
            }
            return OptimisticUpdate.apply(() -> tests.find(patient, test), ifMatch,
                    current -> new TestResult(test, patient, details, now(), current.version() + 1),
                    (replacement, expected) -> tests.replace(replacement, expected, event(replacement, caller)),
                    "test");
        });
    }

    /** {@code TestResultRecorded} for version 1, {@code TestResultUpdated} for every later one. */
    private static PendingEvent event(TestResult test, Caller caller) {
        return PendingEvent.of(test.version() == 1 ? EventType.TEST_RESULT_RECORDED : EventType.TEST_RESULT_UPDATED,
                "patients/" + test.patientId() + "/tests/" + test.id(), test.patientId(), test.id(), test.version(),
                test.lastUpdated(), caller);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static NotFoundException notFound() {
        return new NotFoundException("No test has this id.");
    }
}
