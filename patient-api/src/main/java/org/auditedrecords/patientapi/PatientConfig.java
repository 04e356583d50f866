package org.auditedrecords.patientapi;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.auditedrecords.common.config.ConfigException;
import org.auditedrecords.common.config.Env;

/**
 * The Patient API's settings, read once at start-up. Secrets are not settings: the settings name them, and they are
 * read through the secret source ({@code KEY_VAULT_URI} or {@code LOCAL_VAULT_DIR}, see
 * {@link org.auditedrecords.common.secrets.SecretSources}).
 *
 * @param mongoUriSecret         name of the secret holding the patient store's connection string
 * @param database               the patient database
 * @param auditApiUrl            the Audit API's base URL, ending in {@code /api}
 * @param auditApiKeySecret      name of the secret holding the Audit API's CreateAuditRecord function key
 * @param auditApiBindAddress    the local address calls to the Audit API leave from, when the Audit API admits only
 *                               one source address (the local runtime gives each app its own loopback address)
 * @param auditApiTimeout        the most one call to the Audit API may take
 * @param sourceSystemName       recorded as the source of every audit entry and of every event
 * @param eventGridTopicEndpoint the Event Grid topic the outbox relay publishes to, e.g.
 *                               {@code https://evgt-x.westeurope-1.eventgrid.azure.net/api/events}; without it the
 *                               relay is off and events wait in the outbox (no write ever loses its event)
 * @param eventGridKeySecret     name of the secret holding the topic's access key; without it the relay uses the
 *                               app's managed identity, as in Azure, where the topic has local auth disabled
 * @param eventGridTrustedCertificate a PEM certificate the topic client trusts instead of the JDK's authorities:
 *                               the local stack's topic, which speaks HTTPS with its own certificate
 * @param idempotencyRetention   how long an {@code Idempotency-Key} is remembered, from its first use
 * @param assertionKeySecret     name of the secret whose enabled versions verify the gateway's caller assertions
 */
public record PatientConfig(String mongoUriSecret, String database, URI auditApiUrl, String auditApiKeySecret,
                            Optional<InetAddress> auditApiBindAddress, Duration auditApiTimeout,
                            String sourceSystemName, Optional<URI> eventGridTopicEndpoint,
                            Optional<String> eventGridKeySecret, Optional<Path> eventGridTrustedCertificate,
                            Duration idempotencyRetention, String assertionKeySecret) {
    public static final String MONGODB_URI_SECRET = "MONGODB_URI_SECRET";
    public static final String MONGODB_DATABASE = "MONGODB_DATABASE";
    public static final String AUDIT_API_URL = "AUDIT_API_URL";
    public static final String AUDIT_API_KEY_SECRET = "AUDIT_API_KEY_SECRET";
    public static final String AUDIT_API_BIND_ADDRESS = "AUDIT_API_BIND_ADDRESS";
    public static final String AUDIT_API_TIMEOUT = "AUDIT_API_TIMEOUT";
    public static final String SOURCE_SYSTEM_NAME = "SOURCE_SYSTEM_NAME";
    public static final String EVENT_GRID_TOPIC_ENDPOINT = "EVENT_GRID_TOPIC_ENDPOINT";
    public static final String EVENT_GRID_KEY_SECRET = "EVENT_GRID_KEY_SECRET";
    public static final String EVENT_GRID_TRUSTED_CERTIFICATE = "EVENT_GRID_TRUSTED_CERTIFICATE";
    public static final String IDEMPOTENCY_RETENTION = "IDEMPOTENCY_RETENTION";
    public static final String GATEWAY_ASSERTION_KEY_SECRET = "GATEWAY_ASSERTION_KEY_SECRET";

    public static final String DEFAULT_MONGODB_URI_SECRET = "patient-mongodb-uri";
    public static final String DEFAULT_DATABASE = "patients";
    public static final String DEFAULT_AUDIT_API_KEY_SECRET = "audit-create-key";
    public static final Duration DEFAULT_AUDIT_API_TIMEOUT = Duration.ofSeconds(5);
    public static final String DEFAULT_SOURCE_SYSTEM_NAME = "patient-api";
    /** The IETF draft leaves the window to the server; a day covers any integrator's retry schedule. */
    public static final Duration DEFAULT_IDEMPOTENCY_RETENTION = Duration.ofHours(24);
    public static final String DEFAULT_GATEWAY_ASSERTION_KEY_SECRET = "gateway-assertion-key";

    /**
     * Literal IPv4 (dotted quad) or IPv6 addresses only: anything else would make {@link InetAddress#getByName} look
     * the text up in DNS at start-up.
     */
    private static final Pattern IP_LITERAL = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    /**
     * Reads the settings. Only {@value #AUDIT_API_URL} is required; defaults: secret {@code patient-mongodb-uri},
     * database {@code patients}, key secret {@code audit-create-key}, no bind address, timeout {@code PT5S}, source
     * {@code patient-api}, no event topic (relay off), managed identity for the topic,
     * idempotency keys kept {@code PT24H}, caller-assertion key secret
     * {@code gateway-assertion-key}.
     *
     * @throws ConfigException naming the setting to fix
     */
    public static PatientConfig from(Env env) {
        URI auditApi = env.uri(AUDIT_API_URL).orElseThrow(() -> new ConfigException(
                "Set " + AUDIT_API_URL + " to the Audit API's base URL, e.g. https://audit-app.azurewebsites.net/api."));
        Duration timeout = env.duration(AUDIT_API_TIMEOUT, DEFAULT_AUDIT_API_TIMEOUT);
        if (timeout.isZero()) {
            throw new ConfigException(AUDIT_API_TIMEOUT + " must be longer than zero, e.g. PT5S.");
        }
        Duration retention = env.duration(IDEMPOTENCY_RETENTION, DEFAULT_IDEMPOTENCY_RETENTION);
        if (retention.isZero()) {
            throw new ConfigException(IDEMPOTENCY_RETENTION + " must be longer than zero, e.g. PT24H.");
        }
        return new PatientConfig(
                env.string(MONGODB_URI_SECRET, DEFAULT_MONGODB_URI_SECRET),
                env.string(MONGODB_DATABASE, DEFAULT_DATABASE),
                httpUrl(auditApi, AUDIT_API_URL),
                env.string(AUDIT_API_KEY_SECRET, DEFAULT_AUDIT_API_KEY_SECRET),
                env.optional(AUDIT_API_BIND_ADDRESS).map(PatientConfig::ipAddress),
                timeout,
                env.string(SOURCE_SYSTEM_NAME, DEFAULT_SOURCE_SYSTEM_NAME),
                env.uri(EVENT_GRID_TOPIC_ENDPOINT).map(uri -> httpUrl(uri, EVENT_GRID_TOPIC_ENDPOINT)),
                env.optional(EVENT_GRID_KEY_SECRET),
                env.optional(EVENT_GRID_TRUSTED_CERTIFICATE).map(Path::of),
                retention,
                env.string(GATEWAY_ASSERTION_KEY_SECRET, DEFAULT_GATEWAY_ASSERTION_KEY_SECRET));
    }

    private static URI httpUrl(URI uri, String setting) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new ConfigException(setting + " must be an http or https URL.");
        }
        return uri;
    }

    private static InetAddress ipAddress(String text) {
        if (IP_LITERAL.matcher(text).matches()) {
            try {
                return InetAddress.getByName(text);
            } catch (UnknownHostException e) {
                // reported below
            }
        }
        throw new ConfigException(AUDIT_API_BIND_ADDRESS + " must be an IP address of this machine, e.g. 127.0.0.3.");
    }
}
