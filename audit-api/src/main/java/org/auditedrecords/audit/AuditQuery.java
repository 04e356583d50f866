package org.auditedrecords.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.auditedrecords.common.time.Timestamps;

/**
 * Criteria of a compliance query: every filter is exact except the {@code from}/{@code to} bounds on
 * {@code recordedAt} (inclusive). Results are ordered by {@code recordedAt}, then id, and resume after
 * {@code after} when a page continues.
 */
public record AuditQuery(String patientId, String clientId, String action, String outcome, String resourceType,
                         String resourceId, String correlationId, Instant from, Instant to, boolean descending,
                         Cursor after) {

    /** The position after the last record of the previous page. */
    public record Cursor(Instant recordedAt, String id) {
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
