package org.auditedrecords.local.gateway;

/**
 * An access token that is refused. The message says which check failed, for tests and operators; the client only
 * ever gets validate-jwt's generic 401, and the message never holds the token or a claim value.
 */
public final class InvalidTokenException extends RuntimeException {
    public InvalidTokenException(String reason) {
        super(reason, null, false, false);
    }
}
