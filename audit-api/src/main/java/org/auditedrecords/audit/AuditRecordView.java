package org.auditedrecords.audit;

import java.util.List;
import java.util.Map;

/** The JSON shape of an audit record in API responses (absent fields are left out). */
public record AuditRecordView(String id, String recordedAt, String sourceSystemName, String action,
                              AuditEntry.Resource resource, String patientId, String outcome, AuditEntry.Actor actor,
                              String correlationId, String relatesTo, Map<String, String> query,
                              List<String> returnedPatientIds, Integrity integrity) {

    /** Where the record sits in its chain, so an auditor can follow the links. */
    public record Integrity(int chain, long seq, String prevHash, String hash) {
    }

    public static AuditRecordView of(AuditRecord r) {
        AuditEntry e = r.entry();
        AuditRecord.Seal s = r.seal();
        return new AuditRecordView(r.id(), Canonical.timestamp(r.recordedAt()), e.sourceSystemName(), e.action(),
                e.resource(), e.patientId(), e.outcome(), e.actor(), e.correlationId(), e.relatesTo(), e.query(),
                e.returnedPatientIds(), new Integrity(s.chain(), s.seq(), s.prevHash(), s.hash()));
    }
}
