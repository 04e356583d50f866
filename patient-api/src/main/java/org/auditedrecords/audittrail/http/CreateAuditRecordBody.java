package org.auditedrecords.audittrail.http;

import java.util.List;
import java.util.Map;
import org.auditedrecords.audittrail.AuditEntry;
import org.auditedrecords.audittrail.Caller;

/** The Audit API's CreateAuditRecord body (SYSTEM.md §4); null fields are left out. */
record CreateAuditRecordBody(String sourceSystemName, String action, Resource resource, String patientId,
                             String outcome, Actor actor, String correlationId, String relatesTo,
                             Map<String, String> query, List<String> returnedPatientIds) {

    record Resource(String type, String id) {
    }

    record Actor(String clientId, String address) {
    }

    static CreateAuditRecordBody of(String sourceSystemName, AuditEntry entry) {
        Caller caller = entry.caller();
        Actor actor = caller.clientId() == null && caller.address() == null
                ? null : new Actor(caller.clientId(), caller.address());
        return new CreateAuditRecordBody(sourceSystemName, entry.action().wire(),
                new Resource(entry.resourceType().wire(), entry.resourceId()), entry.patientId(),
                entry.outcome() == null ? null : entry.outcome().wire(), actor, caller.correlationId(),
                entry.relatesTo(), entry.query(), entry.returnedPatientIds());
    }
}
