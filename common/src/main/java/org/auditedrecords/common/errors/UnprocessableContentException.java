package org.auditedrecords.common.errors;

/** A well-formed request that cannot be honoured as sent, such as an idempotency key reused with another body. */
public final class UnprocessableContentException extends RuntimeException {
    public UnprocessableContentException(String detail) {
        super(detail);
    }
}
