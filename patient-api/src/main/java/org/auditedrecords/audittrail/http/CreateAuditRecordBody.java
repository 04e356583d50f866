package org.auditedrecords.audittrail.http;

import java.util.List;
import java.util.Map;
import org.auditedrecords.audittrail.AuditEntry;
import org.auditedrecords.audittrail.Caller;

/**
 * The Audit API's CreateAuditRecord body (SYSTEM.md §4); null fields are left out. Public for the local stack's
 * seeder, which hands the register the same body the Patient API sends it.
 */
public record CreateAuditRecordBody(String sourceSystemName, String action, Resource resource, String patientId,
                             String outcome, Actor actor, String correlationId, String relatesTo,
                             Map<String, String> query, List<String> returnedPatientIds) {

    public record Resource(String type, String id) {
    }

    public record Actor(String clientId, String address, String requestId) {
    }

    public static CreateAuditRecordBody of(String sourceSystemName, AuditEntry entry) {
        Caller caller = entry.caller();
        Actor actor = caller.clientId() == null && caller.address() == null && caller.requestId() == null
                ? null : new Actor(caller.clientId(), caller.address(), caller.requestId());
        return new CreateAuditRecordBody(sourceSystemName, entry.action().wire(),
                new Resource(entry.resourceType().wire(), entry.resourceId()), entry.patientId(),
                entry.outcome() == null ? null : entry.outcome().wire(), actor, caller.correlationId(),
                entry.relatesTo(), entry.query(), entry.returnedPatientIds());
    }
}
