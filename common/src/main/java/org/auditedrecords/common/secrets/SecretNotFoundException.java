package org.auditedrecords.common.secrets;

/** The secret, or the requested version of it, does not exist or is disabled. The message names the secret only. */
public final class SecretNotFoundException extends RuntimeException {
    private final String secretName;

    public SecretNotFoundException(String secretName) {
        this(secretName, null, null);
    }

    public SecretNotFoundException(String secretName, String version) {
        this(secretName, version, null);
    }

    /**
     * @param version the version asked for, or {@code null} when the latest was asked for
     * @param cause   the backend's own report, or {@code null}
     */
    public SecretNotFoundException(String secretName, String version, Throwable cause) {
        super(version == null
                ? "Secret '" + secretName + "' has no enabled version."
                : "Secret '" + secretName + "' has no enabled version '" + version + "'.", cause);
        this.secretName = secretName;
    }

    public String secretName() {
        return secretName;
    }
}
