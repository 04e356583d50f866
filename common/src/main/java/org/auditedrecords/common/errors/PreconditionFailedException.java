package org.auditedrecords.common.errors;

/** An {@code If-Match} precondition did not hold: the client's copy is stale. */
public final class PreconditionFailedException extends RuntimeException {
    public PreconditionFailedException(String detail) {
        super(detail);
    }
}
