package org.auditedrecords.patient;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored patient.
 *
 * @param id          server-generated lower-case UUID; also the store's shard key
 * @param lastUpdated when it was last written, UTC, millisecond precision
 * @param version     the revision counter behind its ETag
 */
public record Patient(String id, PatientDetails details, Instant lastUpdated, long version) implements Versioned {

    public Patient {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(lastUpdated, "lastUpdated");
    }
}
