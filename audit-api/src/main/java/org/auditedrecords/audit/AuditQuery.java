package org.auditedrecords.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.auditedrecords.common.errors.ValidationException;
import org.auditedrecords.common.time.Timestamps;

/**
 * Criteria of a compliance query: every filter is exact except the {@code from}/{@code to} bounds on
 * {@code recordedAt} (inclusive), and {@code patientId}, which matches the records naming the patient and the
 * searches that returned them ({@link AuditEntry#concerns}). Results are ordered by {@code recordedAt}, then id, and resume after
 * {@code after} when a page continues.
 */
public record AuditQuery(String patientId, String clientId, String action, String outcome, String resourceType,
                         String resourceId, String correlationId, Instant from, Instant to, boolean descending,
                         Cursor after) {

    /** The position after the last record of the previous page. */
    public record Cursor(Instant recordedAt, String id) {
        private static final String TIME = "t";
        private static final String ID = "i";

        /** The cursor as the position a continuation token carries. */
        public Map<String, String> position() {
            return Map.of(TIME, Timestamps.format(recordedAt), ID, id);
        }

        /** The cursor a continuation token's position names; 400 when it names none. */
        public static Cursor of(Map<String, String> position) {
            try {
                String id = position.get(ID);
                if (id != null && AuditEntryParser.UUID.matcher(id).matches()) {
                    return new Cursor(Instant.parse(position.get(TIME)), id);
                }
            } catch (DateTimeParseException | NullPointerException e) {
                // reported below
            }
            throw ValidationException.of("continuationToken", "is not a continuation token for this query");
        }
    }

    public AuditQuery continuing(Cursor cursor) {
        return new AuditQuery(patientId, clientId, action, outcome, resourceType, resourceId, correlationId, from, to,
                descending, cursor);
    }

    /** The criteria as recorded in the audit entry of the query itself, and as bound into continuation tokens. */
    public Map<String, String> criteria() {
        Map<String, String> criteria = new LinkedHashMap<>();
        put(criteria, "patientId", patientId);
        put(criteria, "clientId", clientId);
        put(criteria, "action", action);
        put(criteria, "outcome", outcome);
        put(criteria, "resourceType", resourceType);
        put(criteria, "resourceId", resourceId);
        put(criteria, "correlationId", correlationId);
        put(criteria, "from", from == null ? null : Timestamps.format(from));
        put(criteria, "to", to == null ? null : Timestamps.format(to));
        criteria.put("sort", descending ? "desc" : "asc");
        return criteria;
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
