package org.auditedrecords.testresult;

import java.time.Instant;
import java.util.Objects;
import org.auditedrecords.patient.Versioned;

/**
 * A stored lab test result of one patient.
 *
 * @param id          server-generated lower-case UUID
 * @param patientId   the patient it belongs to; also the store's shard key, so a patient's tests are one partition
 * @param lastUpdated when it was last written, UTC, millisecond precision
 * @param version     the revision counter behind its ETag
 */
public record TestResult(String id, String patientId, TestResultDetails details, Instant lastUpdated, long version)
        implements Versioned {

    public TestResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(lastUpdated, "lastUpdated");
    }
}
