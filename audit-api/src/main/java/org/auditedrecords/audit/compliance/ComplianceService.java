package org.auditedrecords.audit.compliance;

import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.auditedrecords.audit.AuditEntry;
import org.auditedrecords.audit.AuditEntryParser;
import org.auditedrecords.audit.AuditQuery;
import org.auditedrecords.audit.AuditRecord;
import org.auditedrecords.audit.AuditRegister;
import org.auditedrecords.audit.AuditVocabulary;
import org.auditedrecords.audit.ConsistencyProof;
import org.auditedrecords.audit.FullVerification;
import org.auditedrecords.audit.RecordProof;
import org.auditedrecords.audit.StoredCheckpoint;
import org.auditedrecords.audit.VerificationReport;
import org.auditedrecords.audit.log.KeyRing;
import org.auditedrecords.common.errors.NotFoundException;
import org.auditedrecords.common.errors.ValidationException;
import org.auditedrecords.common.time.Timestamps;

/**
 * What compliance staff may do with the register — read a record and its proof, query, list checkpoints and keys,
 * prove consistency, verify, read the full re-verification, account for a patient's disclosures — and the rule that
 * binds it all:
 * <b>every compliance query is itself audited</b> (resource type {@code audit-search}, source the register's own
 * name) before it answers. The answer is computed first, its entry is appended, and only then is it handed back: if
 * the entry cannot be stored the caller gets a {@code DependencyUnavailableException} and no data.
 */
public final class ComplianceService {
    /** The resource type of the register's entries about its own queries. */
    public static final String AUDIT_SEARCH = AuditVocabulary.REGISTER_ONLY_RESOURCE_TYPE;
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

    /**
     * One record's inclusion proof against a signed checkpoint of its log, recorded as a {@code read} of
     * {@code <id>/proof} with outcome {@code success} or {@code notFound}.
     *
     * @throws NotFoundException when no record has this id, after that outcome is recorded
     */
    public RecordProof proof(String id, ComplianceCaller caller) {
        Optional<RecordProof> proof = AuditEntryParser.UUID.matcher(id).matches() && register.find(id).isPresent()
                ? Optional.of(register.proof(id)) : Optional.empty();
        record(caller, "read", id + "/proof", null, proof.isPresent() ? "success" : "notFound",
                proof.map(p -> p.record().patientId()).orElse(null));
        return proof.orElseThrow(() -> new NotFoundException("No audit record has this id."));
    }

    /**
     * Up to {@code limit} checkpoints of one log below tree size {@code beforeSize}, newest first, recorded as a
     * {@code search} of {@code checkpoints} naming the log.
     */
    public List<StoredCheckpoint> checkpoints(String log, long beforeSize, int limit, ComplianceCaller caller) {
        List<StoredCheckpoint> found = register.checkpoints(log).stream().filter(c -> c.size() < beforeSize)
                .sorted((a, b) -> Long.compare(b.size(), a.size())).limit(limit).toList();
        record(caller, "search", "checkpoints", Map.of("log", log), "success", null);
        return found;
    }

    /**
     * The newest checkpoint of up to {@code limit} logs after {@code afterLog} (null: from the first), by log id,
     * recorded as a {@code search} of {@code checkpoints}.
     */
    public List<StoredCheckpoint> newestCheckpoints(String afterLog, int limit, ComplianceCaller caller) {
        List<StoredCheckpoint> found = register.newestCheckpoints(afterLog, limit);
        record(caller, "search", "checkpoints", null, "success", null);
        return found;
    }

    /**
     * A consistency proof between two sizes of a log ({@code toSize} empty: its newest checkpoint), recorded as a
     * {@code read} of {@code consistency} with the log and sizes as criteria, outcome {@code success} or
     * {@code notFound}.
     *
     * @throws NotFoundException when the log holds no such size, after that outcome is recorded
     */
    public ConsistencyProof consistency(String log, long fromSize, Optional<Long> toSize, ComplianceCaller caller) {
        Map<String, String> criteria = new TreeMap<>(Map.of("log", log, "from", String.valueOf(fromSize)));
        toSize.ifPresent(to -> criteria.put("to", String.valueOf(to)));
        ConsistencyProof proof;
        try {
            proof = register.consistency(log, fromSize, toSize);
        } catch (NotFoundException e) {
            record(caller, "read", "consistency", criteria, "notFound", null);
            throw e;
        }
        record(caller, "read", "consistency", criteria, "success", null);
        return proof;
    }

    /** The checkpoint key's public versions with their validity periods, recorded as a {@code read} of {@code keys}. */
    public KeyRing keys(ComplianceCaller caller) {
        KeyRing keys = register.keyRing();
        record(caller, "read", "keys", null, "success", null);
        return keys;
    }

    /** Verifies the register incrementally (bounded in time), recorded as a {@code read} of {@code verify}. */
    public VerificationReport verify(ComplianceCaller caller) {
        VerificationReport report = register.verify();
        record(caller, "read", "verify", null, "success", null);
        return report;
    }

    /**
     * The state of the background full re-verification (empty before its first run), recorded as a {@code read} of
     * {@code verify/full}.
     */
    public Optional<FullVerification> fullVerification(ComplianceCaller caller) {
        Optional<FullVerification> status = register.fullVerification();
        record(caller, "read", "verify/full", null, "success", null);
        return status;
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
        criteria.put("from", Timestamps.format(from));
        criteria.put("to", Timestamps.format(to));
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
