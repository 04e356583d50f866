package org.auditedrecords.patient;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.auditedrecords.common.errors.DependencyUnavailableException;
import org.auditedrecords.common.errors.NotFoundException;
import org.auditedrecords.common.errors.PreconditionFailedException;

/**
 * A full replacement under optimistic concurrency, shared by patients and test results: read the current version,
 * check {@code If-Match} against it, then replace only if the stored version is still that one. Losing a race to
 * another writer means reading again, so a client that named a version gets 412 and one that named none has its
 * replacement applied to the newest version — never a silent overwrite of a change nobody read.
 */
public final class OptimisticUpdate {
    /** Only concurrent writers of one resource cause another round; a handful of rounds settles any real contention. */
    static final int MAX_ATTEMPTS = 5;

    /** Replaces a resource conditionally; implemented by the store. */
    @FunctionalInterface
    public interface ConditionalReplace<T> {
        /** Stores {@code replacement} if the stored version is {@code expectedVersion}; false otherwise. */
        boolean replace(T replacement, long expectedVersion);
    }

    private OptimisticUpdate() {
    }

    /**
     * @param current   reads the stored resource, empty when there is none
     * @param successor builds the replacement from the current resource (with version + 1)
     * @param what      names the resource in messages, e.g. "patient"
     * @throws NotFoundException           when there is no such resource
     * @throws PreconditionFailedException when {@code ifMatch} does not match the current version
     */
    public static <T extends Versioned> T apply(Supplier<Optional<T>> current, IfMatch ifMatch,
                                                UnaryOperator<T> successor, ConditionalReplace<T> store, String what) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            T stored = current.get().orElseThrow(() -> new NotFoundException("No " + what + " has this id."));
            if (!ifMatch.matches(stored.version())) {
                throw new PreconditionFailedException("The " + what + " has changed since it was read; "
                        + "read it again and send its current ETag in If-Match.");
            }
            T replacement = successor.apply(stored);
            if (store.replace(replacement, stored.version())) {
                return replacement;
            }
        }
        throw new DependencyUnavailableException("The " + what + " kept changing during the update after "
                + MAX_ATTEMPTS + " attempts");
    }
}
