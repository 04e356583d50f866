package org.auditedrecords.audittrail;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.auditedrecords.common.errors.DependencyUnavailableException;

/**
 * The audit rules of SYSTEM.md §4, in one place: every access to patient data goes through {@link #write} or
 * {@link #read}, and both fail closed.
 *
 * <ul>
 *   <li>Write: the {@code attempted} entry is stored first; if that fails the write does not happen. If the write
 *       then fails for any reason (store down, unknown target, stale precondition), a {@code failed} entry relating
 *       to the first is stored and the write's own failure is rethrown.</li>
 *   <li>Read: the read happens, its outcome ({@code success} or {@code notFound}) is stored, and only then is the
 *       result handed back. A read that fails is recorded as {@code failed}.</li>
 *   <li>Search: a read whose stored entry also names every patient it is about to return, so the search is in each
 *       of their trails before any of them is disclosed.</li>
 * </ul>
 * When the follow-up entry of a failed operation cannot be stored either, the caller gets a
 * {@link DependencyUnavailableException} instead of the operation's own failure, so that no outcome — not even "no
 * such patient" — reaches a client unaudited.
 *
 * <p>Requests the edge rejects before any of this (malformed JSON, validation, size or media type) touch no data
 * and are not audited.
 */
public final class AuditedAccess {
    private final AuditTrail trail;

    public AuditedAccess(AuditTrail trail) {
        this.trail = trail;
    }

    /** Runs {@code write} between an {@code attempted} entry and, if it fails, a {@code failed} one. */
    public <T> T write(AuditEntry entry, Supplier<T> write) {
        String attemptId = trail.record(entry.withOutcome(AuditOutcome.ATTEMPTED));
        try {
            return write.get();
        } catch (RuntimeException failure) {
            throw recordFailure(entry.failedAfter(attemptId), failure);
        }
    }

    /** Runs {@code read}, records whether it found something, then returns what it found. */
    public <T> Optional<T> read(AuditEntry entry, Supplier<Optional<T>> read) {
        return read(entry, read, found -> null);
    }

    /** Runs {@code search}, records it with the ids of the patients it found, then returns what it found. */
    public <T> T search(AuditEntry entry, Supplier<T> search, Function<T, List<String>> returnedPatientIds) {
        return read(entry, () -> Optional.of(search.get()), returnedPatientIds).orElseThrow();
    }

    private <T> Optional<T> read(AuditEntry entry, Supplier<Optional<T>> read, Function<T, List<String>> disclosed) {
        Optional<T> found;
        try {
            found = read.get();
        } catch (RuntimeException failure) {
            throw recordFailure(entry.withOutcome(AuditOutcome.FAILED), failure);
        }
        AuditEntry outcome = entry.withOutcome(found.isPresent() ? AuditOutcome.SUCCESS : AuditOutcome.NOT_FOUND);
        List<String> returned = found.map(disclosed).orElse(null);
        trail.record(returned == null ? outcome : outcome.returning(returned));
        return found;
    }

    /** Returns the exception to throw: the operation's own, or a 503 when even its failure could not be recorded. */
    private RuntimeException recordFailure(AuditEntry failed, RuntimeException failure) {
        try {
            trail.record(failed);
            return failure;
        } catch (RuntimeException auditFailure) {
            DependencyUnavailableException unaudited = new DependencyUnavailableException(
                    "The failed " + failed.action().wire() + " of a " + failed.resourceType().wire()
                            + " could not be audited", auditFailure);
            unaudited.addSuppressed(failure);
            return unaudited;
        }
    }
}
