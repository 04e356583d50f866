package org.auditedrecords.local;

import java.util.Collection;
import java.util.Optional;
import org.auditedrecords.audit.signing.LocalCheckpointSigner;
import org.auditedrecords.common.secrets.Keys;
import org.auditedrecords.common.secrets.LocalVault;
import org.auditedrecords.common.secrets.Secret;
import org.auditedrecords.common.secrets.SecretVersionInfo;

/**
 * The secrets of the local stack, named as in Key Vault (env-terraform), and their first-run bootstrap. Keys are
 * generated once and kept in the vault directory, so a restart keeps them; connection strings follow the stores.
 */
public final class StackSecrets {
    public static final String PATIENT_MONGODB_URI = "patient-mongodb-uri";
    public static final String AUDIT_MONGODB_URI = "audit-mongodb-uri";
    /** The Patient API host key the gateway presents. */
    public static final String PATIENT_API_KEY = "patient-api-key";
    /** The CreateAuditRecord function key the Patient API presents. */
    public static final String AUDIT_CREATE_KEY = "audit-create-key";
    /** The audit read functions' key the gateway's compliance API presents. */
    public static final String AUDIT_QUERY_KEY = "audit-query-key";
    /** The audit register's EC P-256 checkpoint signing key (in Azure a non-exportable Key Vault key). */
    public static final String CHECKPOINT_KEY = "audit-checkpoint-key";
    /**
     * What the gateway signs caller assertions with ({@code <slot>.<key>}); the apps verify with the slot secret
     * {@code gateway-assertion-key-<slot>} (see {@link org.auditedrecords.common.caller.CallerAssertions}).
     */
    public static final String GATEWAY_ASSERTION_KEY = "gateway-assertion-key";
    private static final String FIRST_ASSERTION_SLOT = "a";
    public static final String INTEGRATOR_SUBSCRIPTION_KEY = "gateway-integrator-key";
    public static final String COMPLIANCE_SUBSCRIPTION_KEY = "gateway-compliance-key";
    /** The local token issuer's signing key (a P-256 key pair): the stand-in for Entra ID's. */
    public static final String TOKEN_SIGNING_KEY = "local-entra-signing-key";
    /** The local Event Grid topic's access key the Patient API's relay presents (Azure: managed identity instead). */
    public static final String EVENT_GRID_KEY = "event-grid-topic-key";

    private StackSecrets() {
    }

    /**
     * Creates whatever is missing; keys given by the operator (for scripts) replace the stored ones.
     *
     * @param subscriptionKeys the key secrets of every gateway subscription (a key is generated for each new one)
     */
    public static void bootstrap(LocalVault vault, String patientMongoUri, String auditMongoUri,
                                 Optional<String> integratorKey, Optional<String> complianceKey,
                                 Collection<String> subscriptionKeys) {
        ensureLatest(vault, PATIENT_MONGODB_URI, patientMongoUri);
        ensureLatest(vault, AUDIT_MONGODB_URI, auditMongoUri);
        for (String key : new String[] {PATIENT_API_KEY, AUDIT_CREATE_KEY, AUDIT_QUERY_KEY, EVENT_GRID_KEY}) {
            vault.putIfAbsent(key, Keys::newKey);
        }
        vault.putIfAbsent(CHECKPOINT_KEY, LocalCheckpointSigner::newKeyValue);
        String slotKey = vault.putIfAbsent(GATEWAY_ASSERTION_KEY + "-" + FIRST_ASSERTION_SLOT, Keys::newKey).value();
        vault.putIfAbsent(GATEWAY_ASSERTION_KEY, () -> FIRST_ASSERTION_SLOT + "." + slotKey);
        vault.putIfAbsent(TOKEN_SIGNING_KEY, LocalTokenIssuer::newSigningKey);
        subscriptionKey(vault, INTEGRATOR_SUBSCRIPTION_KEY, integratorKey);
        subscriptionKey(vault, COMPLIANCE_SUBSCRIPTION_KEY, complianceKey);
        subscriptionKeys.forEach(name -> vault.putIfAbsent(name, Keys::newKey));
    }

    private static void subscriptionKey(LocalVault vault, String name, Optional<String> fixed) {
        if (fixed.isEmpty()) {
            vault.putIfAbsent(name, Keys::newKey);
            return;
        }
        if (ensureLatest(vault, name, fixed.get())) {
            Secret latest = vault.latest(name);
            for (SecretVersionInfo version : vault.versions(name)) {
                if (version.enabled() && !version.version().equals(latest.version())) {
                    vault.disable(name, version.version());
                }
            }
        }
    }

    /** Stores {@code value} as the newest version unless it already is; true when it stored one. */
    private static boolean ensureLatest(LocalVault vault, String name, String value) {
        boolean current = !vault.versions(name).isEmpty() && vault.latest(name).value().equals(value);
        if (!current) {
            vault.put(name, value);
        }
        return !current;
    }
}
