package org.auditedrecords.audit;

import org.auditedrecords.audit.compliance.OrganisationDirectory;
import org.auditedrecords.common.config.ConfigException;
import org.auditedrecords.common.config.Env;

/**
 * The Audit API's settings, read once at start-up. Secrets are not settings: the settings name them, and they
 * are read through the secret source.
 *
 * @param mongoUriSecret    name of the secret holding the audit store's connection string
 * @param database          the audit database
 * @param signingKeySecret  name of the secret holding the HMAC key that signs records and chain heads
 * @param chains            number of independent hash chains (concurrent writers of one instance)
 * @param sourceSystemName  recorded as the source of the register's own entries (audits of compliance queries)
 * @param organisations     which organisation holds each gateway subscription (see {@link OrganisationDirectory})
 * @param assertionKeySecret name of the secret whose slot secrets verify the gateway's caller assertions
 */
public record AuditConfig(String mongoUriSecret, String database, String signingKeySecret, int chains,
                          String sourceSystemName, OrganisationDirectory organisations, String assertionKeySecret) {
    public static final String MONGODB_URI_SECRET = "MONGODB_URI_SECRET";
    public static final String MONGODB_DATABASE = "MONGODB_DATABASE";
    public static final String AUDIT_SIGNING_KEY_SECRET = "AUDIT_SIGNING_KEY_SECRET";
    public static final String AUDIT_CHAINS = "AUDIT_CHAINS";
    public static final String SOURCE_SYSTEM_NAME = "SOURCE_SYSTEM_NAME";
    public static final String ORGANISATION_DIRECTORY = "ORGANISATION_DIRECTORY";
    public static final String GATEWAY_ASSERTION_KEY_SECRET = "GATEWAY_ASSERTION_KEY_SECRET";

    /**
     * Defaults: secret {@code audit-mongodb-uri}, database {@code audit}, key {@code audit-chain-signing-key}, 8 chains,
     * source {@code audit-api}, an empty organisation directory (every subscription shown by its id), caller-assertion
     * key secret {@code gateway-assertion-key}.
     *
     * @throws ConfigException when {@value #ORGANISATION_DIRECTORY} is set but is not the directory's JSON form
     */
    public static AuditConfig from(Env env) {
        return new AuditConfig(
                env.string(MONGODB_URI_SECRET, "audit-mongodb-uri"),
                env.string(MONGODB_DATABASE, "audit"),
                env.string(AUDIT_SIGNING_KEY_SECRET, "audit-chain-signing-key"),
                env.integer(AUDIT_CHAINS, 8, 1, 256),
                env.string(SOURCE_SYSTEM_NAME, "audit-api"),
                organisations(env.string(ORGANISATION_DIRECTORY, "{}")),
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
}
