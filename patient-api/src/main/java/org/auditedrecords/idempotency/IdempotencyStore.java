package org.auditedrecords.idempotency;

import java.util.Optional;

/**
 * Where idempotency records are kept: the patient database (a collection whose documents also expire by TTL where
 * the store supports it), fakes in unit tests. Every operation addresses one record by scope and key.
 * Implementations retry throttling and turn any other failure into {@code DependencyUnavailableException}.
 */
public interface IdempotencyStore {

    /** Stores {@code pending} unless its scope already has a record for its key; true when it was stored. */
    boolean claim(IdempotencyRecord pending);

    Optional<IdempotencyRecord> find(String scope, String key);

    /** Replaces {@code current}, exactly as it was read, by {@code next}; false when it has changed since. */
    boolean replace(IdempotencyRecord current, IdempotencyRecord next);

    /** Removes {@code pending}, exactly as it was claimed, so that its key can be used again; else does nothing. */
    void release(IdempotencyRecord pending);
}
