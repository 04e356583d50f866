package org.auditedrecords.audit.compliance;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.auditedrecords.audit.AuditQuery;

/**
 * One page of the accounting of disclosures of a patient (HIPAA §164.528), oldest first.
 *
 * @param from        the period's start, resolved (the default window applied)
 * @param to          the period's end, resolved
 * @param generatedAt when the report was made
 * @param next        where the next page starts, when there is one
 */
public record DisclosureReport(String patientId, Instant from, Instant to, Instant generatedAt,
                               List<Disclosure> disclosures, Optional<AuditQuery.Cursor> next) {
    public DisclosureReport {
        disclosures = List.copyOf(disclosures);
    }
}
