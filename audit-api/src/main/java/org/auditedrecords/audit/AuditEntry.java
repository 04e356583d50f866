package org.auditedrecords.audit;

import java.util.List;
import java.util.Map;

/**
 * What a caller asks the register to record (SYSTEM.md §4). Validated by {@link AuditEntryParser}; optional
 * fields are null when absent.
 *
 * @param query              the search criteria of a search, sorted by name; null for other actions
 * @param returnedPatientIds the patients a search returned, in the order it returned them (at most one page, so at
 *                           most {@link AuditEntryParser#MAX_RETURNED_PATIENTS}); null for other actions. A search
 *                           discloses every patient it returns, so it belongs to each of their trails.
 */
public record AuditEntry(String sourceSystemName, String action, Resource resource, String patientId,
                         String outcome, Actor actor, String correlationId, String relatesTo,
                         Map<String, String> query, List<String> returnedPatientIds) {

    public AuditEntry {
        returnedPatientIds = returnedPatientIds == null ? null : List.copyOf(returnedPatientIds);
    }

    /** True when this entry is about {@code patient}: it names them, or it is a search that returned them. */
    public boolean concerns(String patient) {
        return patient.equals(patientId) || returnedPatientIds != null && returnedPatientIds.contains(patient);
    }

    /** What was touched: {@code type} is patient, test, patient-search or audit-search. */
    public record Resource(String type, String id, String operation) {
    }

    /** Who did it: the gateway subscription's client id, and the client address when known. */
    public record Actor(String clientId, String address) {
    }
}
