package org.auditedrecords.audit.functions;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.auditedrecords.auditapi.AuditConfig;
import org.auditedrecords.audit.AuditEntry;
import org.auditedrecords.audit.AuditEntryParser;
import org.auditedrecords.audit.AuditQuery;
import org.auditedrecords.common.time.Timestamps;
import org.auditedrecords.common.errors.ValidationException;
import org.auditedrecords.common.http.Call;

/** Builds the audit entries of compliance queries, and the continuation positions of query pages. */
final class ComplianceAudit {
    /** Set by the gateway from the caller's subscription; trusted because only the gateway can reach the app. */
    static final String CLIENT_ID_HEADER = "x-client-id";
    static final String FORWARDED_FOR_HEADER = "x-forwarded-for";

    private ComplianceAudit() {
    }

    static AuditEntry entry(AuditConfig config, Call call, String action, String resourceId,
                            Map<String, String> criteria, String outcome, String patientId) {
        String id = resourceId == null ? null : truncate(resourceId, 128);
        String address = call.header(FORWARDED_FOR_HEADER).map(v -> truncate(v.split(",", 2)[0].strip(), 64)).orElse(null);
        AuditEntry.Actor actor = new AuditEntry.Actor(call.header(CLIENT_ID_HEADER).map(v -> truncate(v, 128)).orElse(null), address);
        String validPatient = patientId != null && AuditEntryParser.UUID.matcher(patientId).matches() ? patientId : null;
        return new AuditEntry(config.sourceSystemName(), action, new AuditEntry.Resource("audit-search", id, null),
                validPatient, outcome, actor, call.traceId(), null, criteria == null ? null : new java.util.TreeMap<>(criteria));
    }

    static Map<String, String> position(AuditQuery.Cursor cursor) {
        return Map.of("t", Timestamps.format(cursor.recordedAt()), "i", cursor.id());
    }

    static AuditQuery.Cursor cursor(Map<String, String> position) {
        try {
            String id = position.get("i");
            if (id != null && AuditEntryParser.UUID.matcher(id).matches()) {
                return new AuditQuery.Cursor(Instant.parse(position.get("t")), id);
            }
        } catch (DateTimeParseException | NullPointerException e) {
            // reported below
        }
        throw ValidationException.of("continuationToken", "is not a continuation token for this query");
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
