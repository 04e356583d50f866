package org.auditedrecords.audit.compliance;

import java.time.Instant;

/**
 * One disclosure of a patient's data as the accounting lists it: one operation of the Patient API that touched the
 * patient, however many audit records it left.
 *
 * @param at            when the register recorded it (for a write, the attempt, which precedes the write)
 * @param recipient     the organisation that made the call
 * @param action        create, read, update or search
 * @param resourceType  patient, test or patient-search
 * @param resourceId    the record touched, when there is one
 * @param disclosed     what of the patient's data it concerned, in words
 * @param outcome       success, notFound or failed (see {@link Disclosures} for writes)
 * @param auditRecordId the audit record it comes from (the attempt, for a write), to open its proof
 */
public record Disclosure(Instant at, OrganisationDirectory.Recipient recipient, String action, String resourceType,
                         String resourceId, String disclosed, String outcome, String auditRecordId,
                         String correlationId) {
}
