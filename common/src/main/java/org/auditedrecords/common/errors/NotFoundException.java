package org.auditedrecords.common.errors;

/** The addressed resource does not exist (or its id is malformed). */
public final class NotFoundException extends RuntimeException {
    public NotFoundException(String detail) {
        super(detail);
    }
}
