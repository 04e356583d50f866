package org.auditedrecords.audit.compliance;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.auditedrecords.audit.AuditQuery;
import org.auditedrecords.audit.AuditQueryParser;
import org.auditedrecords.common.errors.ValidationException;
import org.auditedrecords.common.errors.Violations;
import org.auditedrecords.common.time.Timestamps;

/**
 * What an accounting of disclosures covers: one patient, over {@code [from, to]} (inclusive; either may be null for
 * the default window, {@link ComplianceService#DEFAULT_WINDOW} up to now), after {@code after} when a page continues.
 */
public record DisclosureQuery(String patientId, Instant from, Instant to, AuditQuery.Cursor after) {
    private static final String FROM = "f";
    private static final String TO = "u";
    /** The criteria; unknown parameters are rejected, so a mistyped one cannot silently widen the report. */
    public static final Set<String> CRITERIA = Set.of("patientId", "from", "to");

    /** Reads the request's parameters: {@code patientId} is required, {@code from}/{@code to} as in audit queries. */
    public static DisclosureQuery parse(Map<String, String> parameters) {
        Violations unknown = new Violations();
        parameters.keySet().stream()
                .filter(name -> !CRITERIA.contains(name) && !AuditQueryParser.CONTROL.contains(name))
                .sorted()
                .forEach(name -> unknown.add(name, "is not a known query parameter"));
        if (parameters.get("patientId") == null || parameters.get("patientId").isBlank()) {
            unknown.add("patientId", "is required");
        }
        unknown.throwIfAny();
        Map<String, String> criteria = new LinkedHashMap<>();
        CRITERIA.forEach(name -> {
            if (parameters.containsKey(name)) {
                criteria.put(name, parameters.get(name));
            }
        });
        AuditQuery parsed = AuditQueryParser.parse(criteria);
        if (parsed.patientId() == null) {
            throw ValidationException.of("patientId", "is required");
        }
        return new DisclosureQuery(parsed.patientId(), parsed.from(), parsed.to(), null);
    }

    /** The criteria as given (the period unresolved), as bound into continuation tokens. */
    public Map<String, String> criteria() {
        Map<String, String> criteria = new LinkedHashMap<>();
        criteria.put("patientId", patientId);
        if (from != null) {
            criteria.put("from", Timestamps.format(from));
        }
        if (to != null) {
            criteria.put("to", Timestamps.format(to));
        }
        return criteria;
    }

    /**
     * Where the page after {@code report} starts, with the report's resolved period: a default period ends "now",
     * so the next page must keep the first page's end rather than resolve it again.
     */
    public static Map<String, String> position(DisclosureReport report) {
        AuditQuery.Cursor next = report.next().orElseThrow();
        Map<String, String> position = new LinkedHashMap<>(next.position());
        position.put(FROM, Timestamps.format(report.from()));
        position.put(TO, Timestamps.format(report.to()));
        return position;
    }

    /** This query continuing at a {@link #position}; 400 when the position is not one. */
    public DisclosureQuery continuing(Map<String, String> position) {
        try {
            return new DisclosureQuery(patientId, Instant.parse(position.get(FROM)), Instant.parse(position.get(TO)),
                    AuditQuery.Cursor.of(position));
        } catch (DateTimeParseException | NullPointerException e) {
            throw ValidationException.of("continuationToken", "is not a continuation token for this query");
        }
    }
}
