package org.auditedrecords.audittrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.auditedrecords.common.errors.DependencyUnavailableException;
import org.auditedrecords.common.errors.NotFoundException;
import org.junit.jupiter.api.Test;

class AuditedAccessTest {
    private static final String PATIENT = "5b0c2f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a";

    private final FakeAuditTrail trail = new FakeAuditTrail();
    private final AuditedAccess audit = new AuditedAccess(trail);
    private final Caller caller = FakeAuditTrail.caller();
    private final AuditEntry update = AuditEntry.of(caller, AuditAction.UPDATE, ResourceType.PATIENT, PATIENT, PATIENT);

    @Test
    void write_succeeds_recordsOnlyAttemptedBeforeTheWrite() {
        AtomicBoolean attemptedBeforeWrite = new AtomicBoolean();

        String result = audit.write(update, () -> {
            attemptedBeforeWrite.set(trail.entries().size() == 1);
            return "written";
        });

        assertThat(result).isEqualTo("written");
        assertThat(attemptedBeforeWrite).isTrue();
        assertThat(trail.entries()).containsExactly(update.withOutcome(AuditOutcome.ATTEMPTED));
    }

    @Test
    void write_auditUnavailable_neverRunsTheWrite() {
        trail.goDown();
        AtomicBoolean wrote = new AtomicBoolean();

        assertThatThrownBy(() -> audit.write(update, () -> wrote.getAndSet(true)))
                .isInstanceOf(DependencyUnavailableException.class);

        assertThat(wrote).isFalse();
        assertThat(trail.entries()).isEmpty();
    }

    @Test
    void write_writeFails_recordsFailedRelatedToAttemptedAndRethrowsTheWritesFailure() {
        NotFoundException missing = new NotFoundException("No patient has this id.");

        assertThatThrownBy(() -> audit.write(update, () -> {
            throw missing;
        })).isSameAs(missing);

        var recorded = trail.recorded();
        assertThat(recorded).hasSize(2);
        assertThat(recorded.get(1).entry()).isEqualTo(update.failedAfter(recorded.get(0).id()));
        assertThat(recorded.get(1).entry().outcome()).isEqualTo(AuditOutcome.FAILED);
        assertThat(recorded.get(1).entry().relatesTo()).isEqualTo(recorded.get(0).id());
    }

    @Test
    void write_writeFailsAndThenAuditFails_throwsUnavailableCarryingTheWritesFailure() {
        trail.goDownAfter(1);
        NotFoundException missing = new NotFoundException("No patient has this id.");

        assertThatThrownBy(() -> audit.write(update, () -> {
            throw missing;
        })).isInstanceOf(DependencyUnavailableException.class)
                .hasMessage("The failed update of a patient could not be audited")
                .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(missing));
        assertThat(trail.entries()).extracting(AuditEntry::outcome).containsExactly(AuditOutcome.ATTEMPTED);
    }

    @Test
    void read_found_recordsSuccessBeforeReturning() {
        AuditEntry read = AuditEntry.of(caller, AuditAction.READ, ResourceType.PATIENT, PATIENT, PATIENT);

        Optional<String> found = audit.read(read, () -> Optional.of("data"));

        assertThat(found).contains("data");
        assertThat(trail.entries()).containsExactly(read.withOutcome(AuditOutcome.SUCCESS));
    }

    @Test
    void read_nothingFound_recordsNotFound() {
        AuditEntry read = AuditEntry.of(caller, AuditAction.READ, ResourceType.PATIENT, PATIENT, PATIENT);

        Optional<String> found = audit.read(read, Optional::empty);

        assertThat(found).isEmpty();
        assertThat(trail.entries()).containsExactly(read.withOutcome(AuditOutcome.NOT_FOUND));
    }

    @Test
    void read_auditUnavailable_throwsInsteadOfReturningData() {
        trail.goDown();
        AuditEntry read = AuditEntry.of(caller, AuditAction.READ, ResourceType.PATIENT, PATIENT, PATIENT);

        assertThatThrownBy(() -> audit.read(read, () -> Optional.of("data")))
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessageNotContaining("data");
    }

    @Test
    void read_readFails_recordsFailedWithoutRelationAndRethrows() {
        AuditEntry read = AuditEntry.of(caller, AuditAction.READ, ResourceType.PATIENT, PATIENT, PATIENT);
        DependencyUnavailableException storeDown = new DependencyUnavailableException("Store operation failed");

        assertThatThrownBy(() -> audit.read(read, () -> {
            throw storeDown;
        })).isSameAs(storeDown);

        assertThat(trail.entries()).containsExactly(read.withOutcome(AuditOutcome.FAILED));
        assertThat(trail.entries().get(0).relatesTo()).isNull();
    }

    @Test
    void search_found_recordsSuccessNamingEveryReturnedPatientBeforeReturning() {
        AuditEntry search = AuditEntry.search(caller, java.util.Map.of("postCode", "W1 2AB"), null);

        List<String> page = audit.search(search, () -> List.of(PATIENT, "p-2"), ids -> ids);

        assertThat(page).containsExactly(PATIENT, "p-2");
        assertThat(trail.entries()).containsExactly(search.withOutcome(AuditOutcome.SUCCESS).returning(List.of(PATIENT, "p-2")));
    }

    @Test
    void search_auditUnavailable_throwsInsteadOfReturningThePatients() {
        trail.goDown();
        AuditEntry search = AuditEntry.search(caller, java.util.Map.of(), null);

        assertThatThrownBy(() -> audit.search(search, () -> List.of(PATIENT), ids -> ids))
                .isInstanceOf(DependencyUnavailableException.class);
    }
}
