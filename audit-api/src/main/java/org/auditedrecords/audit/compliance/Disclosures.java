package org.auditedrecords.audit.compliance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.auditedrecords.audit.AuditEntry;
import org.auditedrecords.audit.AuditRecord;

/**
 * Turns a patient's trail into disclosures. The register keeps what happened as it happened: a write leaves an
 * {@code attempted} record before it runs and, only if it then fails, a {@code failed} record relating to it. So:
 * <ul>
 *   <li>a write is one row, {@code failed} when a failure relating to its attempt is in the same page, else
 *       {@code success} — the Patient API records a failure for every write that fails while it runs, so an attempt
 *       without one was carried out (a process killed between the two records is the one exception, and errs towards
 *       listing a disclosure that did not happen, never towards hiding one);</li>
 *   <li>a read or search is one row with its own outcome;</li>
 *   <li>compliance staff's own queries of the register ({@code audit-search}) are not disclosures of patient data and
 *       are left out; they remain in the patient's trail.</li>
 * </ul>
 */
public final class Disclosures {
    private Disclosures() {
    }

    /** The disclosures of {@code patientId} among {@code trail} (in register order), in that order. */
    public static List<Disclosure> of(List<AuditRecord> trail, String patientId, OrganisationDirectory directory) {
        Map<String, Disclosure> rows = new LinkedHashMap<>();
        for (AuditRecord record : trail) {
            AuditEntry entry = record.entry();
            if (ComplianceService.AUDIT_SEARCH.equals(entry.resource().type()) || !entry.concerns(patientId)) {
                continue;
            }
            if ("failed".equals(entry.outcome()) && entry.relatesTo() != null && rows.containsKey(entry.relatesTo())) {
                Disclosure attempt = rows.get(entry.relatesTo());
                rows.put(entry.relatesTo(), new Disclosure(attempt.at(), attempt.recipient(), attempt.action(),
                        attempt.resourceType(), attempt.resourceId(), attempt.disclosed(), "failed",
                        attempt.auditRecordId(), attempt.correlationId()));
                continue;
            }
            String outcome = entry.outcome() == null ? "unrecorded"
                    : "attempted".equals(entry.outcome()) ? "success" : entry.outcome();
            rows.put(record.id(), new Disclosure(record.recordedAt(),
                    directory.recipient(entry.actor() == null ? null : entry.actor().clientId()), entry.action(),
                    entry.resource().type(), entry.resource().id(), disclosed(entry, patientId), outcome, record.id(),
                    entry.correlationId()));
        }
        return new ArrayList<>(rows.values());
    }

    private static String disclosed(AuditEntry entry, String patientId) {
        String type = entry.resource().type();
        if ("patient-search".equals(type)) {
            return entry.returnedPatientIds() != null && entry.returnedPatientIds().contains(patientId)
                    ? "among the results of a patient search"
                    : "named by a patient search, not among its results";
        }
        if ("test".equals(type)) {
            return entry.resource().id() == null ? "the list of test results" : "a test result";
        }
        return "patient".equals(type) ? "the patient record" : type;
    }
}
