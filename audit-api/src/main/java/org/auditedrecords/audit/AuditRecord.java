package org.auditedrecords.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of the audit register, as stored. {@code id}, {@code recordedAt} and the {@link Position} are set by
 * the register; everything else comes from the caller's {@link AuditEntry}. Its JSON form, canonical form and
 * leaf hash come from {@link RecordJson} alone.
 */
public record AuditRecord(String id, Instant recordedAt, AuditEntry entry, Position position) {

    /**
     * Where the record sits: leaf {@code index} (from 0, without gaps) of append-only log {@code log}.
     */
    public record Position(String log, long index) {
    }

    public String patientId() {
        return entry.patientId();
    }

    /** Convenience for views: the query criteria, never null. */
    public Map<String, String> query() {
        return entry.query() == null ? Map.of() : entry.query();
    }
}
