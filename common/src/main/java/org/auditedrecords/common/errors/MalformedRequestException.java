package org.auditedrecords.common.errors;

/** The request body is not well-formed JSON, or a query parameter cannot be parsed. */
public final class MalformedRequestException extends RuntimeException {
    public MalformedRequestException(String detail) {
        super(detail);
    }
}
