package org.auditedrecords.auditapi;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.auditedrecords.audit.RegisterSettings;
import org.auditedrecords.audit.compliance.OrganisationDirectory;
import org.auditedrecords.common.config.ConfigException;
import org.auditedrecords.common.config.Env;
import org.auditedrecords.common.secrets.SecretSources;

/**
 * The Audit API's settings, read once at start-up. Secrets and keys are not settings: the settings name them.
 *
 * @param mongoUriSecret   name of the secret holding the audit store's connection string
 * @param database         the audit database
 * @param checkpointKey    the checkpoint signing key: a Key Vault key's name in Azure, a local vault secret locally
 * @param witnessContainer the immutable Blob container that witnesses checkpoints (Azure)
 * @param witnessDirectory the append-only directory that witnesses checkpoints (local runs); one of the two is set
 * @param keyOverlap       locally, how long a replaced key version may still sign (instances move to the new one)
 * @param sourceSystemName recorded as the source of the register's own entries (audits of compliance queries)
 * @param callerSource     the source system bound to CreateAuditRecord's function keys: those keys are the Patient
 *                         API's alone (its key-rotation slots; the app has no other host or function keys that open
 *                         it but the platform's master key), so every entry created must name this source
 * @param fullVerificationByTimer whether the full re-verification is scheduled by the timer trigger (Azure) rather
 *                         than by a thread of the process (local runs)
 * @param fullVerificationBudget how long one timer run may verify before it pauses, below host.json's 30 s
 *                         functionTimeout; the next tick resumes after the last log it finished
 * @param organisations    which organisation holds each gateway subscription (see {@link OrganisationDirectory})
 * @param assertionKeySecret name of the secret whose slot secrets verify the gateway's caller assertions
 *                         ({@code GATEWAY_ASSERTION_KEY_SECRET}, default {@code gateway-assertion-key})
 */
public record AuditConfig(String mongoUriSecret, String database, String checkpointKey,
                          Optional<URI> witnessContainer, Optional<Path> witnessDirectory, Duration keyOverlap,
                          String sourceSystemName, String callerSource, boolean fullVerificationByTimer,
                          Duration fullVerificationBudget, RegisterSettings register,
                          OrganisationDirectory organisations, String assertionKeySecret) {
    public static final String GATEWAY_ASSERTION_KEY_SECRET = "GATEWAY_ASSERTION_KEY_SECRET";
    public static final String MONGODB_URI_SECRET = "MONGODB_URI_SECRET";
    public static final String MONGODB_DATABASE = "MONGODB_DATABASE";
    public static final String AUDIT_CHECKPOINT_KEY_NAME = "AUDIT_CHECKPOINT_KEY_NAME";
    public static final String AUDIT_WITNESS_CONTAINER_URL = "AUDIT_WITNESS_CONTAINER_URL";
    public static final String AUDIT_WITNESS_DIR = "AUDIT_WITNESS_DIR";
    public static final String AUDIT_KEY_OVERLAP = "AUDIT_KEY_OVERLAP";
    public static final String SOURCE_SYSTEM_NAME = "SOURCE_SYSTEM_NAME";
    public static final String AUDIT_CALLER_SOURCE = "AUDIT_CALLER_SOURCE";
    public static final String AUDIT_FULL_VERIFICATION_BY_TIMER = "AUDIT_FULL_VERIFICATION_BY_TIMER";
    public static final String AUDIT_FULL_VERIFICATION_BUDGET = "AUDIT_FULL_VERIFICATION_BUDGET";
    public static final String AUDIT_LOG_ORIGIN = "AUDIT_LOG_ORIGIN";
    public static final String AUDIT_LOGS = "AUDIT_LOGS";
    public static final String AUDIT_EPOCH = "AUDIT_EPOCH";
    public static final String AUDIT_CHECKPOINT_INTERVAL = "AUDIT_CHECKPOINT_INTERVAL";
    public static final String AUDIT_SEALING_WINDOW = "AUDIT_SEALING_WINDOW";
    public static final String AUDIT_VERIFY_BUDGET = "AUDIT_VERIFY_BUDGET";
    public static final String AUDIT_FULL_VERIFICATION_INTERVAL = "AUDIT_FULL_VERIFICATION_INTERVAL";
    public static final String ORGANISATION_DIRECTORY = "ORGANISATION_DIRECTORY";

    /**
     * Defaults: secret {@code audit-mongodb-uri}, database {@code audit}, key {@code audit-checkpoint-key}, key
     * overlap 5 minutes, source {@code audit-api}, caller source {@code patient-api}, full verification by timer
     * exactly when in Azure ({@code KEY_VAULT_URI} set) with a budget of 20 seconds per run, the
     * {@link RegisterSettings} defaults, and an empty organisation directory (every subscription shown by its id).
     *
     * @throws ConfigException when no witness or both are named, when in Azure ({@code KEY_VAULT_URI} set) the
     *                         witness is not an https Blob container, when {@value #ORGANISATION_DIRECTORY} is set
     *                         but is not the directory's JSON form, or a value is malformed
     */
    public static AuditConfig from(Env env) {
        Optional<URI> container = env.uri(AUDIT_WITNESS_CONTAINER_URL);
        Optional<Path> directory = env.optional(AUDIT_WITNESS_DIR).map(Path::of);
        if (container.isEmpty() == directory.isEmpty()) {
            throw new ConfigException("Set one of " + AUDIT_WITNESS_CONTAINER_URL + " (the immutable Blob container"
                    + " that witnesses checkpoints) or, for local runs, " + AUDIT_WITNESS_DIR + " (a directory outside"
                    + " the audit database).");
        }
        if (env.optional(SecretSources.KEY_VAULT_URI).isPresent()
                && !container.map(c -> "https".equals(c.getScheme())).orElse(false)) {
            throw new ConfigException("In Azure (" + SecretSources.KEY_VAULT_URI + " set) the witness is the immutable"
                    + " Blob container: set " + AUDIT_WITNESS_CONTAINER_URL + " to its https URL and unset "
                    + AUDIT_WITNESS_DIR + ".");
        }
        String source = env.string(SOURCE_SYSTEM_NAME, "audit-api");
        String callerSource = env.string(AUDIT_CALLER_SOURCE, "patient-api");
        if (callerSource.equalsIgnoreCase(source)) {
            throw new ConfigException("Set " + AUDIT_CALLER_SOURCE + " to the calling system's source name, not the"
                    + " register's own (" + SOURCE_SYSTEM_NAME + ").");
        }
        RegisterSettings register;
        try {
            register = new RegisterSettings(
                    env.string(AUDIT_LOG_ORIGIN, RegisterSettings.DEFAULT_ORIGIN),
                    env.integer(AUDIT_LOGS, RegisterSettings.DEFAULT_LOGS, 1, 64),
                    env.duration(AUDIT_EPOCH, RegisterSettings.DEFAULT_EPOCH),
                    env.duration(AUDIT_CHECKPOINT_INTERVAL, RegisterSettings.DEFAULT_CHECKPOINT_INTERVAL),
                    env.duration(AUDIT_SEALING_WINDOW, RegisterSettings.DEFAULT_SEALING_WINDOW),
                    env.duration(AUDIT_VERIFY_BUDGET, RegisterSettings.DEFAULT_VERIFY_BUDGET),
                    env.duration(AUDIT_FULL_VERIFICATION_INTERVAL, RegisterSettings.DEFAULT_FULL_VERIFICATION_INTERVAL));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("The audit register settings are inconsistent: " + e.getMessage());
        }
        return new AuditConfig(
                env.string(MONGODB_URI_SECRET, "audit-mongodb-uri"),
                env.string(MONGODB_DATABASE, "audit"),
                env.string(AUDIT_CHECKPOINT_KEY_NAME, "audit-checkpoint-key"),
                container, directory,
                env.duration(AUDIT_KEY_OVERLAP, Duration.ofMinutes(5)),
                source, callerSource, byTimer(env), env.duration(AUDIT_FULL_VERIFICATION_BUDGET, Duration.ofSeconds(20)),
                register, organisations(env.string(ORGANISATION_DIRECTORY, "{}")),
                env.string(GATEWAY_ASSERTION_KEY_SECRET, "gateway-assertion-key"));
    }

    private static OrganisationDirectory organisations(String json) {
        try {
            return OrganisationDirectory.parse(json);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ORGANISATION_DIRECTORY + " " + e.getMessage()
                    + ": set it to a JSON object of gateway subscription id to {\"organisation\", \"contact\"}");
        }
    }

    private static boolean byTimer(Env env) {
        String value = env.string(AUDIT_FULL_VERIFICATION_BY_TIMER,
                String.valueOf(env.optional(SecretSources.KEY_VAULT_URI).isPresent()));
        if (!value.equals("true") && !value.equals("false")) {
            throw new ConfigException(AUDIT_FULL_VERIFICATION_BY_TIMER + " must be true or false.");
        }
        return Boolean.parseBoolean(value);
    }
}
