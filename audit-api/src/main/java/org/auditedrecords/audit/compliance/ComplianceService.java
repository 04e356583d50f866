package org.auditedrecords.audit.compliance;

import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.auditedrecords.audit.AuditEntry;
import org.auditedrecords.audit.AuditEntryParser;
import org.auditedrecords.audit.AuditQuery;
import org.auditedrecords.audit.AuditRecord;
import org.auditedrecords.audit.AuditRegister;
import org.auditedrecords.audit.Canonical;
import org.auditedrecords.audit.VerificationReport;
import org.auditedrecords.common.errors.NotFoundException;
import org.auditedrecords.common.errors.ValidationException;

/**
 * What compliance staff may do with the register — read a record, query, verify, account for a patient's
 * disclosures — and the rule that binds it all:
 * <b>every compliance query is itself audited</b> (resource type {@code audit-search}, source the register's own
 * name) before it answers. The answer is computed first, its entry is appended, and only then is it handed back: if
 * the entry cannot be stored the caller gets a {@code DependencyUnavailableException} and no data.
 */
public final class ComplianceService {
    /** The resource type of the register's entries about its own queries. */
    public static final String AUDIT_SEARCH = "audit-search";
    /** The period an accounting of disclosures covers when none is given: HIPAA §164.528's six years. */
    public static final Period DEFAULT_WINDOW = Period.ofYears(6);
    private static final int RESOURCE_ID_MAX = 128;

    private final AuditRegister register;
    private final String sourceSystemName;
    private final OrganisationDirectory organisations;
    private final Clock clock;

    /**
     * @param sourceSystemName recorded as the source of the register's own entries
     * @param organisations    names the recipients of disclosures
     */
    public ComplianceService(AuditRegister register, String sourceSystemName, OrganisationDirectory organisations,
                             Clock clock) {
        this.register = register;
        this.sourceSystemName = sourceSystemName;
        this.organisations = organisations;
        this.clock = clock;
    }

    /**
     * One record, recorded as a {@code read} with outcome {@code success} or {@code notFound} (a malformed id is
     * recorded as given, cut to the register's limit, and is not found).
     *
     * @throws NotFoundException when no record has this id, after that outcome is recorded
     */
    public AuditRecord load(String id, ComplianceCaller caller) {
        Optional<AuditRecord> found = AuditEntryParser.UUID.matcher(id).matches() ? register.find(id) : Optional.empty();
        record(caller, "read", id, null, found.isPresent() ? "success" : "notFound",
                found.map(AuditRecord::patientId).orElse(null));
        return found.orElseThrow(() -> new NotFoundException("No audit record has this id."));
    }

    /** One page of a query, recorded as a {@code search} with the query's criteria (and its patient, if it names one). */
    public AuditRegister.Page query(AuditQuery query, int limit, ComplianceCaller caller) {
        AuditRegister.Page page = register.query(query, limit);
        record(caller, "search", null, query.criteria(), "success", query.patientId());
        return page;
    }

    /** Verifies the whole register, recorded as a {@code read} of {@code verify}. */
    public VerificationReport verify(ComplianceCaller caller) {
        VerificationReport report = register.verify();
        record(caller, "read", "verify", null, "success", null);
        return report;
    }

    /**
     * One page of the accounting of disclosures of a patient (see {@link Disclosures} for what a row is), recorded as
     * a {@code search} of {@code disclosures} naming the patient and the resolved period. A page covers up to
     * {@code limit} audit records of the patient's trail; a write whose failure falls on the next page shows there as
     * a failed row of its own.
     */
    public DisclosureReport disclosures(DisclosureQuery query, int limit, ComplianceCaller caller) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant to = query.to() == null ? now : query.to();
        Instant from = query.from() == null ? to.atOffset(ZoneOffset.UTC).minus(DEFAULT_WINDOW).toInstant() : query.from();
        if (from.isAfter(to)) {
            throw ValidationException.of("from", "must not be after to");
        }
        AuditRegister.Page page = register.query(new AuditQuery(query.patientId(), null, null, null, null, null, null,
                from, to, false, query.after()), limit);
        Map<String, String> criteria = new LinkedHashMap<>();
        criteria.put("patientId", query.patientId());
        criteria.put("from", Canonical.timestamp(from));
        criteria.put("to", Canonical.timestamp(to));
        record(caller, "search", "disclosures", criteria, "success", query.patientId());
        return new DisclosureReport(query.patientId(), from, to, now,
                Disclosures.of(page.records(), query.patientId(), organisations), page.next());
    }

    private void record(ComplianceCaller caller, String action, String resourceId, Map<String, String> criteria,
                        String outcome, String patientId) {
        String id = resourceId == null || resourceId.length() <= RESOURCE_ID_MAX
                ? resourceId : resourceId.substring(0, RESOURCE_ID_MAX);
        String validPatient = patientId != null && AuditEntryParser.UUID.matcher(patientId).matches() ? patientId : null;
        register.append(new AuditEntry(sourceSystemName, action, new AuditEntry.Resource(AUDIT_SEARCH, id, null),
                validPatient, outcome, new AuditEntry.Actor(caller.clientId(), caller.address(), caller.requestId()),
                caller.correlationId(), null, criteria == null ? null : new TreeMap<>(criteria), null));
    }
}
