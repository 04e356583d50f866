package org.auditedrecords.common.errors;

/**
 * A dependency (the store, the audit register, the vault) could not do its part, so the request was refused
 * without side effects. The message names the dependency and what was attempted, never data or secrets.
 */
public final class DependencyUnavailableException extends RuntimeException {
    public DependencyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public DependencyUnavailableException(String message) {
        super(message);
    }
}
