package org.auditedrecords.common.errors;

/** The request body is larger than the API accepts. */
public final class PayloadTooLargeException extends RuntimeException {
    public PayloadTooLargeException(long limitBytes) {
        super("The request body exceeds the limit of " + limitBytes + " bytes.");
    }
}
