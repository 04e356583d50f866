package org.auditedrecords.audittrail;

/**
 * A write's result and the id of the {@code attempted} audit entry recorded before it.
 *
 * @param attemptId what a later entry about the same write (a replay of its answer) relates to
 */
public record AuditedWrite<T>(T value, String attemptId) {
}
