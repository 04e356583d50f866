package org.auditedrecords.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import org.auditedrecords.common.errors.Violations;

/**
 * Reads QueryAuditRecords' query parameters. Unknown parameters are rejected: a mistyped filter must not
 * silently widen a compliance query to everything.
 */
public final class AuditQueryParser {
    /** Parameters that are not criteria: paging, format, and the keys the platform itself may add. */
    public static final Set<String> CONTROL = Set.of("limit", "continuationToken", "format", "code", "subscription-key");
    /** The filters and the sort order. */
    public static final Set<String> CRITERIA = Set.of("patientId", "clientId", "action", "outcome", "resourceType",
            "resourceId", "correlationId", "from", "to", "sort");

    private AuditQueryParser() {
    }

    public static AuditQuery parse(Map<String, String> parameters) {
        Violations v = new Violations();
        parameters.keySet().stream()
                .filter(name -> !CRITERIA.contains(name) && !CONTROL.contains(name))
                .sorted()
                .forEach(name -> v.add(name, "is not a known query parameter"));
        String patientId = matching(parameters, "patientId", v, AuditEntryParser.UUID.pattern(), "must be a lower-case UUID");
        String clientId = text(parameters, "clientId", v);
        String action = oneOf(parameters, "action", AuditVocabulary.ACTIONS, v);
        String outcome = oneOf(parameters, "outcome", AuditVocabulary.OUTCOMES, v);
        String resourceType = oneOf(parameters, "resourceType", AuditVocabulary.RESOURCE_TYPES, v);
        String resourceId = text(parameters, "resourceId", v);
        String correlationId = matching(parameters, "correlationId", v, AuditEntryParser.TRACE_ID.pattern(),
                "must be a W3C trace id (32 lower-case hex digits)");
        Instant from = instant(parameters, "from", v);
        Instant to = instant(parameters, "to", v);
        if (from != null && to != null && from.isAfter(to)) {
            v.add("from", "must not be after to");
        }
        String sort = oneOf(parameters, "sort", Set.of("asc", "desc"), v);
        v.throwIfAny();
        return new AuditQuery(patientId, clientId, action, outcome, resourceType, resourceId, correlationId, from, to,
                "desc".equals(sort), null);
    }

    private static String text(Map<String, String> p, String name, Violations v) {
        String value = p.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > 128) {
            v.add(name, "must be at most 128 characters");
            return null;
        }
        return value.strip();
    }

    private static String matching(Map<String, String> p, String name, Violations v, String regex, String message) {
        String value = text(p, name, v);
        if (value != null && !value.matches(regex)) {
            v.add(name, message);
            return null;
        }
        return value;
    }

    private static String oneOf(Map<String, String> p, String name, Set<String> allowed, Violations v) {
        String value = text(p, name, v);
        if (value != null && !allowed.contains(value)) {
            v.add(name, "must be one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
            return null;
        }
        return value;
    }

    private static Instant instant(Map<String, String> p, String name, Violations v) {
        String value = text(p, name, v);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            v.add(name, "must be an ISO-8601 date-time with offset, e.g. 2026-01-31T00:00:00Z");
            return null;
        }
    }
}
