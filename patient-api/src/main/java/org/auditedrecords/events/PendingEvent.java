package org.auditedrecords.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.auditedrecords.audittrail.Caller;

/**
 * An event waiting in the outbox of the resource whose write it announces. It is stored in the same document as the
 * write, by the same single-document operation, so it exists exactly when the write does. It carries ids, the
 * version (the ETag's value) and the trace — never patient data: a consumer that needs the record reads it through
 * the API, and that read is audited.
 *
 * @param id          the CloudEvents {@code id}: unique per write, kept across re-publication, so consumers dedupe on it
 * @param subject     the resource, {@code patients/{patientId}} or {@code patients/{patientId}/tests/{testId}}
 * @param testId      null for patient events
 * @param version     the resource's version after the write; consumers ignore versions older than one they have seen
 * @param time        when the write happened (the resource's {@code lastUpdated})
 * @param traceparent the W3C trace of the request that wrote, so a delivery can be followed back to it
 */
public record PendingEvent(String id, EventType type, String subject, String patientId, String testId, long version,
                           Instant time, String traceparent) {

    public PendingEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(traceparent, "traceparent");
    }

    /** A new event, under a new id, announcing the write of {@code version} by the request of {@code caller}. */
    public static PendingEvent of(EventType type, String subject, String patientId, String testId, long version,
                                  Instant time, Caller caller) {
        return new PendingEvent(UUID.randomUUID().toString(), type, subject, patientId, testId, version, time,
                caller.trace().toString());
    }

    /** The W3C trace id of the writing request (the audit correlation id). */
    public String traceId() {
        return traceparent.split("-")[1];
    }
}
