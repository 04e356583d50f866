package org.auditedrecords.idempotency;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the store remembers of one key of one caller: the request's fingerprint, the id its resource gets, and — once
 * the create has finished — the answer to repeat.
 *
 * @param scope       the caller (gateway subscription) the key belongs to; another caller's same key is another record
 * @param resourceId  chosen when the key is first claimed, so a retry after an unknown outcome can find the resource
 * @param response    null while the create is in progress
 * @param attemptId   the create's {@code attempted} audit entry, which a replay's entry relates to; null when unknown
 * @param lockedUntil while the create is in progress, until when a retry is told to wait (409) rather than take over
 * @param expiresAt   after this the key is forgotten and may name a new create
 */
public record IdempotencyRecord(String scope, String key, String fingerprint, String resourceId,
                                StoredResponse response, String attemptId, Instant createdAt, Instant lockedUntil,
                                Instant expiresAt) {

    public IdempotencyRecord {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lockedUntil, "lockedUntil");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    static IdempotencyRecord pending(String scope, String key, String fingerprint, String resourceId, Instant now,
                                     Duration lock, Duration retention) {
        return new IdempotencyRecord(scope, key, fingerprint, resourceId, null, null, now, now.plus(lock),
                now.plus(retention));
    }

    public boolean completed() {
        return response != null;
    }

    IdempotencyRecord completedWith(StoredResponse answer, String attempt) {
        return new IdempotencyRecord(scope, key, fingerprint, resourceId, answer, attempt, createdAt, lockedUntil,
                expiresAt);
    }

    IdempotencyRecord lockedAgain(Instant now, Duration lock) {
        return new IdempotencyRecord(scope, key, fingerprint, resourceId, null, null, createdAt, now.plus(lock),
                expiresAt);
    }
}
