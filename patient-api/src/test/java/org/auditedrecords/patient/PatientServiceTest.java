package org.auditedrecords.patient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.auditedrecords.patient.PatientSamples.CLOCK;
import static org.auditedrecords.patient.PatientSamples.NOW_MILLIS;
import static org.auditedrecords.patient.PatientSamples.ada;
import static org.auditedrecords.patient.PatientSamples.alan;
import static org.auditedrecords.patient.PatientSamples.born;
import static org.auditedrecords.patient.PatientSamples.stored;

import java.util.List;
import java.util.Map;
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
import org.junit.jupiter.api.Test;

class PatientServiceTest {
    private static final String ID = "5b0c2f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a";

    private final FakePatientStore store = new FakePatientStore();
    private final FakeAuditTrail trail = new FakeAuditTrail();
    private final PatientService service = new PatientService(store, new AuditedAccess(trail), CLOCK);
    private final Caller caller = FakeAuditTrail.caller();

    private AuditEntry entry(AuditAction action, String id, AuditOutcome outcome) {
        return AuditEntry.of(caller, action, ResourceType.PATIENT, id, id).withOutcome(outcome);
    }

    @Test
    void create_valid_storesVersionOneAtMillisecondPrecisionAfterRecordingTheAttempt() {
        Patient created = service.create(ada(), caller);

        assertThat(Ids.isWellFormed(created.id())).isTrue();
        assertThat(created).isEqualTo(new Patient(created.id(), ada(), NOW_MILLIS, 1));
        assertThat(store.stored(created.id())).contains(created);
        assertThat(trail.entries()).containsExactly(entry(AuditAction.CREATE, created.id(), AuditOutcome.ATTEMPTED));
    }

    @Test
    void create_auditUnavailable_throwsAndStoresNothing() {
        trail.goDown();

        assertThatThrownBy(() -> service.create(ada(), caller)).isInstanceOf(DependencyUnavailableException.class);

        assertThat(store.size()).isZero();
    }

    @Test
    void create_storeDown_recordsFailedRelatedToTheAttemptAndThrows() {
        store.goDown();

        assertThatThrownBy(() -> service.create(ada(), caller)).isInstanceOf(DependencyUnavailableException.class)
                .hasMessageContaining("fake store is down");

        var recorded = trail.recorded();
        assertThat(recorded).hasSize(2);
        String id = recorded.get(0).entry().resourceId();
        assertThat(recorded.get(0).entry()).isEqualTo(entry(AuditAction.CREATE, id, AuditOutcome.ATTEMPTED));
        assertThat(recorded.get(1).entry()).isEqualTo(AuditEntry.of(caller, AuditAction.CREATE, ResourceType.PATIENT,
                id, id).failedAfter(recorded.get(0).id()));
    }

    @Test
    void load_existing_returnsItAfterRecordingSuccess() {
        Patient patient = stored(ID, ada(), 3);
        store.put(patient);

        assertThat(service.load(ID, caller)).isEqualTo(patient);

        assertThat(trail.entries()).containsExactly(entry(AuditAction.READ, ID, AuditOutcome.SUCCESS));
    }

    @Test
    void load_unknown_recordsNotFoundAndThrowsNotFound() {
        assertThatThrownBy(() -> service.load(ID, caller)).isInstanceOf(NotFoundException.class)
                .hasMessage("No patient has this id.");

        assertThat(trail.entries()).containsExactly(entry(AuditAction.READ, ID, AuditOutcome.NOT_FOUND));
    }

    @Test
    void load_malformedId_recordsNotFoundWithoutNamingTheIdOrAskingTheStore() {
        store.goDown();

        assertThatThrownBy(() -> service.load("../etc/passwd", caller)).isInstanceOf(NotFoundException.class);

        assertThat(trail.entries()).containsExactly(entry(AuditAction.READ, null, AuditOutcome.NOT_FOUND));
    }

    @Test
    void load_auditUnavailable_throwsInsteadOfReturningThePatient() {
        store.put(stored(ID, ada(), 1));
        trail.goDown();

        assertThatThrownBy(() -> service.load(ID, caller)).isInstanceOf(DependencyUnavailableException.class);
    }

    @Test
    void load_storeDown_recordsFailedAndThrowsUnavailable() {
        store.goDown();

        assertThatThrownBy(() -> service.load(ID, caller)).isInstanceOf(DependencyUnavailableException.class);

        assertThat(trail.entries()).containsExactly(entry(AuditAction.READ, ID, AuditOutcome.FAILED));
    }

    @Test
    void update_matchingIfMatch_replacesAndBumpsTheVersion() {
        store.put(stored(ID, ada(), 2));

        Patient updated = service.update(ID, alan(), IfMatch.parse(Optional.of("\"2\"")), caller);

        assertThat(updated).isEqualTo(new Patient(ID, alan(), NOW_MILLIS, 3));
        assertThat(store.stored(ID)).contains(updated);
        assertThat(trail.entries()).containsExactly(entry(AuditAction.UPDATE, ID, AuditOutcome.ATTEMPTED));
    }

    @Test
    void update_withoutIfMatch_replacesTheCurrentVersion() {
        store.put(stored(ID, ada(), 7));

        Patient updated = service.update(ID, alan(), IfMatch.none(), caller);

        assertThat(updated.version()).isEqualTo(8);
        assertThat(store.stored(ID)).contains(updated);
    }

    @Test
    void update_staleIfMatch_recordsFailedAndThrowsPreconditionFailedLeavingThePatientAsItWas() {
        Patient current = stored(ID, ada(), 2);
        store.put(current);

        assertThatThrownBy(() -> service.update(ID, alan(), IfMatch.parse(Optional.of("\"1\"")), caller))
                .isInstanceOf(PreconditionFailedException.class);

        assertThat(store.stored(ID)).contains(current);
        var recorded = trail.recorded();
        assertThat(recorded).extracting(r -> r.entry().outcome())
                .containsExactly(AuditOutcome.ATTEMPTED, AuditOutcome.FAILED);
        assertThat(recorded.get(1).entry().relatesTo()).isEqualTo(recorded.get(0).id());
    }

    @Test
    void update_unknown_recordsAttemptedAndFailedAndThrowsNotFound() {
        assertThatThrownBy(() -> service.update(ID, alan(), IfMatch.none(), caller))
                .isInstanceOf(NotFoundException.class);

        assertThat(trail.entries()).extracting(AuditEntry::outcome)
                .containsExactly(AuditOutcome.ATTEMPTED, AuditOutcome.FAILED);
        assertThat(store.size()).isZero();
    }

    @Test
    void update_malformedId_recordsWithoutTheIdAndThrowsNotFound() {
        assertThatThrownBy(() -> service.update("NOT-AN-ID", alan(), IfMatch.none(), caller))
                .isInstanceOf(NotFoundException.class);

        assertThat(trail.entries()).extracting(AuditEntry::resourceId, AuditEntry::patientId)
                .containsOnly(tuple(null, null));
        assertThat(trail.entries()).hasSize(2);
    }

    @Test
    void update_auditUnavailable_leavesThePatientUnchanged() {
        Patient current = stored(ID, ada(), 2);
        store.put(current);
        trail.goDown();

        assertThatThrownBy(() -> service.update(ID, alan(), IfMatch.none(), caller))
                .isInstanceOf(DependencyUnavailableException.class);

        assertThat(store.stored(ID)).contains(current);
    }

    @Test
    void update_concurrentWriterWinsWithIfMatch_throwsPreconditionFailedAndKeepsTheOtherWrite() {
        store.put(stored(ID, ada(), 2));
        Patient concurrent = stored(ID, ada(), 3);
        store.beforeNextReplace(() -> store.put(concurrent));

        assertThatThrownBy(() -> service.update(ID, alan(), IfMatch.parse(Optional.of("\"2\"")), caller))
                .isInstanceOf(PreconditionFailedException.class);

        assertThat(store.stored(ID)).contains(concurrent);
    }

    @Test
    void update_concurrentWriterWinsWithoutIfMatch_appliesOnTopOfTheNewerVersion() {
        store.put(stored(ID, ada(), 2));
        store.beforeNextReplace(() -> store.put(stored(ID, ada(), 3)));

        Patient updated = service.update(ID, alan(), IfMatch.none(), caller);

        assertThat(updated.version()).isEqualTo(4);
        assertThat(store.stored(ID)).contains(updated);
    }

    @Test
    void search_morePatientsThanTheLimit_returnsAPageAndWhereTheNextStartsAfterRecordingTheQuery() {
        List<String> ids = List.of("00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002",
                "00000000-0000-4000-8000-000000000003");
        ids.forEach(id -> store.put(stored(id, ada(), 1)));
        PatientCriteria criteria = new PatientCriteria(Map.of("postCode", "W1 2AB"), born("1800"), null);

        Page<Patient> first = service.search(criteria, null, 2, caller);
        Page<Patient> second = service.search(criteria, first.nextAfter().orElseThrow(), 2, caller);

        assertThat(first.items()).extracting(Patient::id).containsExactly(ids.get(0), ids.get(1));
        assertThat(first.nextAfter()).contains(ids.get(1));
        assertThat(second.items()).extracting(Patient::id).containsExactly(ids.get(2));
        assertThat(second.nextAfter()).isEmpty();
        AuditEntry search = AuditEntry.search(caller, Map.of("postCode", "W1 2AB", "dateOfBirthFrom", "1800"), null)
                .withOutcome(AuditOutcome.SUCCESS);
        assertThat(trail.entries()).containsExactly(search.returning(List.of(ids.get(0), ids.get(1))),
                search.returning(List.of(ids.get(2))));
        assertThat(search.resourceType()).isEqualTo(ResourceType.PATIENT_SEARCH);
    }

    @Test
    void search_byWellFormedId_namesThatPatientInTheAuditEntryAndAMalformedIdNamesNobody() {
        store.put(stored(ID, ada(), 1));

        service.search(new PatientCriteria(Map.of("id", ID), null, null), null, 20, caller);
        service.search(new PatientCriteria(Map.of("id", "not-an-id"), null, null), null, 20, caller);

        assertThat(trail.entries()).extracting(AuditEntry::patientId).containsExactly(ID, null);
    }

    @Test
    void search_auditUnavailable_throwsInsteadOfReturningPatients() {
        store.put(stored(ID, ada(), 1));
        trail.goDown();

        assertThatThrownBy(() -> service.search(new PatientCriteria(Map.of(), null, null), null, 20, caller))
                .isInstanceOf(DependencyUnavailableException.class);
    }

    @Test
    void search_criteriaRecorded_areTheClientsTextSortedByName() {
        PatientCriteria criteria = new PatientCriteria(Map.of("lastName", "Turing", "gender", "male"),
                born("1912-06"), born("1913"));

        service.search(criteria, null, 20, caller);

        assertThat(trail.entries().get(0).query()).containsExactly(Map.entry("dateOfBirthFrom", "1912-06"),
                Map.entry("dateOfBirthTo", "1913"), Map.entry("gender", "male"), Map.entry("lastName", "Turing"));
    }
}
