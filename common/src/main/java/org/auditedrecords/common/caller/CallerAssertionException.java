package org.auditedrecords.common.caller;

/**
 * A request without a valid gateway assertion: missing, malformed, forged, expired, for another app, or naming a key
 * slot the vault does not hold. Answered 401 before anything is read, written or audited.
 */
public final class CallerAssertionException extends RuntimeException {
    public CallerAssertionException(String detail) {
        super(detail, null, false, false);
    }
}
