package org.auditedrecords.common.secrets;

/**
 * The secret backend could not answer: unreachable, authentication or authorization failed, a server error, or an
 * unreadable local vault file. Transient or operational, unlike {@link SecretNotFoundException}.
 * The message names the secret and the failure, never a value.
 */
public final class SecretSourceUnavailableException extends RuntimeException {
    public SecretSourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public SecretSourceUnavailableException(String message) {
        super(message);
    }
}
