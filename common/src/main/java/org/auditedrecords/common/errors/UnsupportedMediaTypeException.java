package org.auditedrecords.common.errors;

/** The request's content type is not JSON. */
public final class UnsupportedMediaTypeException extends RuntimeException {
    public UnsupportedMediaTypeException(String detail) {
        super(detail);
    }
}
