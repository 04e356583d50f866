package org.auditedrecords.common.errors;

/** The request conflicts with one still in progress (the same idempotency key): retry it shortly. */
public final class ConflictException extends RuntimeException {
    public ConflictException(String detail) {
        super(detail);
    }
}
