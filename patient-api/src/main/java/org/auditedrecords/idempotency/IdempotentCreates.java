package org.auditedrecords.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Function;
import org.auditedrecords.audittrail.AuditEntry;
import org.auditedrecords.audittrail.AuditedAccess;
import org.auditedrecords.audittrail.AuditedWrite;
import org.auditedrecords.audittrail.Caller;
import org.auditedrecords.common.errors.ConflictException;
import org.auditedrecords.common.errors.UnprocessableContentException;
import org.auditedrecords.common.errors.ValidationException;
import org.auditedrecords.patient.Ids;

/**
 * Creates under an {@code Idempotency-Key} (SYSTEM.md §3): within the retention window, the same key with the same
 * request from the same caller gets the first answer again — status, body, {@code Location}, {@code ETag} — and no
 * second write. Guarantees:
 * <ul>
 *   <li><b>One write per key</b>: the key is claimed in the store (one insert on a unique id) before the write, and
 *       the resource id is fixed by the claim, so even a retry that takes over from a host that died mid-create
 *       writes under the same id, which the store refuses to write twice.</li>
 *   <li><b>Replay</b>: a finished create's answer is sent again after a {@code replayed} audit entry relating to the
 *       original attempt is stored (fail closed: no entry, no answer).</li>
 *   <li><b>Mismatch</b>: the same key with another operation or body is 422, and changes nothing.</li>
 *   <li><b>Concurrency</b>: a second request while the first is in progress gets 409 with {@code Retry-After}; it
 *       does not wait. After {@link #PENDING_LOCK} without an answer the first is presumed dead: a retry takes over,
 *       answers from the resource if the write happened (an audited read), and writes it otherwise.</li>
 *   <li><b>Failure</b>: a create that fails releases its key, so a retry may try again.</li>
 *   <li><b>Expiry</b>: after the retention window a key is forgotten, checked on every read (TTL deletion is only
 *       cleanup, and not every store enforces it).</li>
 *   <li><b>Scope</b>: keys belong to the caller (the gateway subscription); another caller's same key is unrelated.</li>
 * </ul>
 */
public final class IdempotentCreates {
    /** Longer than any create can take: host.json ends every invocation after 30 s. */
    public static final Duration PENDING_LOCK = Duration.ofMinutes(2);
    /** A claim lost to a concurrent release or expiry is tried again; a few rounds settle any real interleaving. */
    static final int MAX_ROUNDS = 3;

    /** The answer, and whether it repeats an earlier one. */
    public record Answer(StoredResponse response, boolean replayed) {
    }

    /** One create, as the idempotency rules need to run it. */
    public interface Create {
        /** Writes the new resource under {@code id} (audited) and renders its answer. */
        AuditedWrite<StoredResponse> write(String id);

        /** The answer for the resource {@code id} if it exists, read through the audited read path. */
        Optional<StoredResponse> existing(String id);
    }

    private final IdempotencyStore store;
    private final AuditedAccess audit;
    private final Duration retention;
    private final Clock clock;

    public IdempotentCreates(IdempotencyStore store, AuditedAccess audit, Duration retention, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.retention = retention;
        this.clock = clock;
    }

    /**
     * Runs {@code create} once per key, or writes at once when there is no key.
     *
     * @param fingerprint see {@link Fingerprint}
     * @param entryFor    the audit entry of the create of a given resource id, for the replay's entry
     * @throws UnprocessableContentException when the key was used for another request
     * @throws ConflictException             when a request with the key is still in progress
     */
    public Answer create(Optional<IdempotencyKey> key, String fingerprint, Caller caller,
                         Function<String, AuditEntry> entryFor, Create create) {
        if (key.isEmpty()) {
            return new Answer(create.write(Ids.newId()).value(), false);
        }
        String scope = scope(caller);
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            // Stored dates hold milliseconds, and records are compared as read.
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            IdempotencyRecord claim = IdempotencyRecord.pending(scope, key.get().value(), fingerprint, Ids.newId(), now,
                    PENDING_LOCK, retention);
            if (store.claim(claim)) {
                return firstAttempt(claim, create);
            }
            Optional<IdempotencyRecord> found = store.find(scope, key.get().value());
            if (found.isEmpty()) {
                continue;
            }
            IdempotencyRecord current = found.get();
            if (!current.expiresAt().isAfter(now)) {
                if (store.replace(current, claim)) {
                    return firstAttempt(claim, create);
                }
                continue;
            }
            if (!current.fingerprint().equals(fingerprint)) {
                throw new UnprocessableContentException("This Idempotency-Key was used for a different request; "
                        + "send a new key for a new request.");
            }
            if (current.completed()) {
                audit.replay(entryFor.apply(current.resourceId()), current.attemptId());
                return new Answer(current.response(), true);
            }
            if (current.lockedUntil().isAfter(now)) {
                throw new ConflictException("A request with this Idempotency-Key is still in progress; retry shortly.");
            }
            IdempotencyRecord takeover = current.lockedAgain(now, PENDING_LOCK);
            if (store.replace(current, takeover)) {
                return takeOver(takeover, create);
            }
        }
        throw new ConflictException("A request with this Idempotency-Key is still in progress; retry shortly.");
    }

    private Answer firstAttempt(IdempotencyRecord claim, Create create) {
        AuditedWrite<StoredResponse> written;
        try {
            written = create.write(claim.resourceId());
        } catch (RuntimeException failure) {
            try {
                store.release(claim);
            } catch (RuntimeException releaseFailure) {
                // The claim then stays pending until PENDING_LOCK, after which a retry takes over.
                failure.addSuppressed(releaseFailure);
            }
            throw failure;
        }
        complete(claim, written.value(), written.attemptId());
        return new Answer(written.value(), false);
    }

    /** The host of the first attempt stopped before finishing: answer from the resource if it was written. */
    private Answer takeOver(IdempotencyRecord takeover, Create create) {
        Optional<StoredResponse> existing = create.existing(takeover.resourceId());
        if (existing.isPresent()) {
            complete(takeover, existing.get(), null);
            return new Answer(existing.get(), true);
        }
        return firstAttempt(takeover, create);
    }

    /**
     * Keeps the answer for replays. The write is done and audited by now, so a store failure here must not turn it
     * into an error: the record stays pending, and a retry after {@link #PENDING_LOCK} answers from the resource.
     */
    private void complete(IdempotencyRecord claim, StoredResponse answer, String attemptId) {
        try {
            store.replace(claim, claim.completedWith(answer, attemptId));
        } catch (RuntimeException storeDown) {
            // See above: recovered by takeOver, never by a second write.
        }
    }

    private static String scope(Caller caller) {
        if (caller.clientId() == null) {
            throw ValidationException.of(IdempotencyKey.HEADER,
                    "needs an identified caller: send it through the gateway, which names the subscription");
        }
        return caller.clientId();
    }
}
