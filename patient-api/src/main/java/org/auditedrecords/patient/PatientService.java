package org.auditedrecords.patient;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.auditedrecords.audittrail.AuditAction;
import org.auditedrecords.audittrail.AuditEntry;
import org.auditedrecords.audittrail.AuditedAccess;
import org.auditedrecords.audittrail.Caller;
import org.auditedrecords.audittrail.ResourceType;
import org.auditedrecords.common.errors.NotFoundException;

/**
 * Creates, reads, replaces and searches patients, each access audited by {@link AuditedAccess}: writes are recorded
 * as attempted before they happen (and as failed if they then fail), reads and searches are recorded before their
 * result is returned. Input is validated beforehand by {@link PatientInput}; what it rejects never gets here and is
 * not audited.
 */
public final class PatientService {
    private final PatientStore store;
    private final AuditedAccess audit;
    private final Clock clock;

    public PatientService(PatientStore store, AuditedAccess audit, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    /** Stores a new patient under a new id, version 1. */
    public Patient create(PatientDetails details, Caller caller) {
        String id = Ids.newId();
        return audit.write(AuditEntry.of(caller, AuditAction.CREATE, ResourceType.PATIENT, id, id), () -> {
            Patient patient = new Patient(id, details, now(), 1);
            store.insert(patient);
            return patient;
        });
    }

    /** @throws NotFoundException when no patient has this id, or the id is malformed */
    public Patient load(String id, Caller caller) {
        String known = Ids.wellFormedOrNull(id);
        return audit.read(AuditEntry.of(caller, AuditAction.READ, ResourceType.PATIENT, known, known),
                        () -> known == null ? Optional.empty() : store.find(known))
                .orElseThrow(PatientService::notFound);
    }

    /**
     * Replaces every client field of the patient; see {@link OptimisticUpdate} for how {@code ifMatch} and concurrent
     * writers are handled.
     *
     * @throws NotFoundException                                               when there is no such patient
     * @throws org.auditedrecords.common.errors.PreconditionFailedException when {@code ifMatch} is stale
     */
    public Patient update(String id, PatientDetails details, IfMatch ifMatch, Caller caller) {
        String known = Ids.wellFormedOrNull(id);
        return audit.write(AuditEntry.of(caller, AuditAction.UPDATE, ResourceType.PATIENT, known, known), () -> {
            if (known == null) {
                throw notFound();
            }
            return OptimisticUpdate.apply(() -> store.find(known), ifMatch,
                    current -> new Patient(known, details, now(), current.version() + 1), store::replace, "patient");
        });
    }

    /**
     * One page of the patients matching {@code criteria}, in id order, starting after {@code afterId} (or null). The
     * search's audit entry names every patient of the page, stored before the page is returned.
     */
    public Page<Patient> search(PatientCriteria criteria, String afterId, int limit, Caller caller) {
        Map<String, String> query = criteria.asQuery();
        return audit.search(AuditEntry.search(caller, query, Ids.wellFormedOrNull(query.get("id"))),
                () -> Page.of(store.search(criteria, afterId, limit + 1), limit, Patient::id),
                page -> page.items().stream().map(Patient::id).toList());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    static NotFoundException notFound() {
        return new NotFoundException("No patient has this id.");
    }
}
