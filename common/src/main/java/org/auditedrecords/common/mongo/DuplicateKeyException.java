package org.auditedrecords.common.mongo;

/** A write hit a unique index: the caller decides whether that is a conflict to retry or a client error. */
public final class DuplicateKeyException extends RuntimeException {
    public DuplicateKeyException(String operation, Throwable cause) {
        super(operation + " conflicted with an existing document", cause);
    }
}
