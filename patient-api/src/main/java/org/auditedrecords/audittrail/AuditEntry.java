package org.auditedrecords.audittrail;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One entry for the audit register: what was done to which resource of which patient, with what outcome, on whose
 * behalf. The register adds the source system name, its own id and the time.
 *
 * @param resourceId the touched resource's id, or null (a search, a list, an id too malformed to name anything)
 * @param patientId  the patient whose data was touched, or null when not known
 * @param outcome    null until {@link AuditedAccess} decides it
 * @param relatesTo  for a failed write, the id of its {@code attempted} entry; otherwise null
 * @param query      for a search, its criteria as strings sorted by name; otherwise null
 * @param returnedPatientIds for a search that returned patients, their ids in the order returned (one page, so at
 *                           most the page size): a search discloses every patient it returns, and this puts it in
 *                           each of their audit trails. Otherwise null
 */
public record AuditEntry(AuditAction action, ResourceType resourceType, String resourceId, String patientId,
                         AuditOutcome outcome, String relatesTo, Map<String, String> query, Caller caller,
                         List<String> returnedPatientIds) {

    public AuditEntry {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(caller, "caller");
        query = query == null ? null : Collections.unmodifiableMap(new TreeMap<>(query));
        returnedPatientIds = returnedPatientIds == null ? null : List.copyOf(returnedPatientIds);
    }

    /** An entry about one resource (or none, when {@code resourceId} is null), its outcome still open. */
    public static AuditEntry of(Caller caller, AuditAction action, ResourceType type, String resourceId,
                                String patientId) {
        return new AuditEntry(action, type, resourceId, patientId, null, null, null, caller, null);
    }

    /**
     * An entry about a patient search with these criteria, its outcome still open.
     *
     * @param patientId the one patient the criteria pin down (by id), so the search shows in that patient's audit
     *                  trail; null for other searches, which are found by their criteria
     */
    public static AuditEntry search(Caller caller, Map<String, String> criteria, String patientId) {
        return new AuditEntry(AuditAction.SEARCH, ResourceType.PATIENT_SEARCH, null, patientId, null, null,
                Objects.requireNonNull(criteria, "criteria"), caller, null);
    }

    public AuditEntry withOutcome(AuditOutcome outcome) {
        return new AuditEntry(action, resourceType, resourceId, patientId, outcome, relatesTo, query, caller,
                returnedPatientIds);
    }

    /** This search's entry, naming the patients it returned. */
    public AuditEntry returning(List<String> patientIds) {
        return new AuditEntry(action, resourceType, resourceId, patientId, outcome, relatesTo, query, caller,
                Objects.requireNonNull(patientIds, "patientIds"));
    }

    /** The {@code failed} entry that follows this one when its operation failed after {@code earlierId} was stored. */
    public AuditEntry failedAfter(String earlierId) {
        return new AuditEntry(action, resourceType, resourceId, patientId, AuditOutcome.FAILED, earlierId, query, caller,
                returnedPatientIds);
    }
}
