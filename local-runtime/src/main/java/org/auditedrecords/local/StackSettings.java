package org.auditedrecords.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.auditedrecords.common.config.Env;
import org.auditedrecords.local.gateway.TokenPolicy;

/**
 * Settings of the local stack, from {@code STACK_*} environment variables; every one has a default, so the stack
 * runs with none set.
 *
 * @param dataDir          where the stores, the vault and nothing else live ({@code STACK_DATA_DIR}, default ./data)
 * @param gatewayPort      the one public endpoint, on 127.0.0.1 ({@code STACK_GATEWAY_PORT}, default 8080; 0 = free)
 * @param patientApiPort   Patient API host port on its subnet address (default 7071)
 * @param auditApiPort     Audit API host port on its subnet address (default 7072)
 * @param patientStorePort embedded patients store port on 127.0.0.1 (default 27117)
 * @param auditStorePort   embedded audit store port on 127.0.0.1 (default 27118)
 * @param patientMongoUri  use this MongoDB for patients instead of the embedded store ({@code STACK_PATIENT_MONGODB_URI})
 * @param auditMongoUri    use this MongoDB for the audit register ({@code STACK_AUDIT_MONGODB_URI})
 * @param integratorKey    fix the integrator subscription key, for scripts ({@code STACK_INTEGRATOR_KEY})
 * @param complianceKey    fix the compliance subscription key ({@code STACK_COMPLIANCE_KEY})
 * @param rateLimitCalls   calls per subscription per period (default 1000)
 * @param rateLimitPeriod  the rate-limit window (default PT10S)
 * @param secretCacheTtl   how long services cache a secret's latest version (default PT5S)
 * @param rotationOverlap  how long old and new keys are both accepted during a rotation (default PT15S)
 * @param storeFsync       the embedded stores flush (fsync) every write to the device before acknowledging it, so
 *                         that acknowledged writes survive a power loss, not only a killed process
 *                         ({@code STACK_STORE_FSYNC}, default false: see README "Durability")
 * @param drainTimeout     on stop (Ctrl-C, SIGTERM), how long requests in flight may take to finish before the
 *                         stores close ({@code STACK_DRAIN_TIMEOUT}, default PT10S)
 * @param integratorQuota  calls per day per integrator caller, as the product's quota ({@code STACK_INTEGRATOR_QUOTA},
 *                         default 10,000,000: far above what the load tests send)
 * @param complianceQuota  calls per day per compliance caller ({@code STACK_COMPLIANCE_QUOTA}, default 10,000,000)
 * @param tokenPolicy      what integrator access tokens must carry: tenant ({@code STACK_TOKEN_TENANT_ID}), audience
 *                         ({@code STACK_TOKEN_AUDIENCE}, default api://audited-records-local) and app role
 *                         ({@code STACK_TOKEN_ROLE}, default Patients.ReadWrite), issuer as Entra ID v2.0 writes it
 */
public record StackSettings(Path dataDir, int gatewayPort, int patientApiPort, int auditApiPort, int patientStorePort,
                            int auditStorePort, Optional<String> patientMongoUri, Optional<String> auditMongoUri,
                            Optional<String> integratorKey, Optional<String> complianceKey, int rateLimitCalls,
                            Duration rateLimitPeriod, Duration secretCacheTtl, Duration rotationOverlap,
                            boolean storeFsync, Duration drainTimeout, int integratorQuota, int complianceQuota,
                            TokenPolicy tokenPolicy) {

    /** Long enough for any request the gateway forwards to finish normally; short enough for a container stop. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);
    static final int DEFAULT_QUOTA = 10_000_000;
    /** A fixed, obviously local tenant id, so tokens survive a restart. */
    static final String LOCAL_TENANT = "00000000-0000-4000-8000-00000000beef";
    static final String LOCAL_AUDIENCE = "api://audited-records-local";
    static final String LOCAL_ROLE = "Patients.ReadWrite";

    public static StackSettings from(Env env) {
        return new StackSettings(
                Path.of(env.string("STACK_DATA_DIR", "data")),
                env.integer("STACK_GATEWAY_PORT", 8080, 0, 65535),
                env.integer("STACK_PATIENT_API_PORT", 7071, 0, 65535),
                env.integer("STACK_AUDIT_API_PORT", 7072, 0, 65535),
                env.integer("STACK_PATIENT_STORE_PORT", 27117, 0, 65535),
                env.integer("STACK_AUDIT_STORE_PORT", 27118, 0, 65535),
                env.optional("STACK_PATIENT_MONGODB_URI"),
                env.optional("STACK_AUDIT_MONGODB_URI"),
                env.optional("STACK_INTEGRATOR_KEY"),
                env.optional("STACK_COMPLIANCE_KEY"),
                env.integer("STACK_RATE_LIMIT_CALLS", 1000, 1, 1_000_000),
                env.duration("STACK_RATE_LIMIT_PERIOD", Duration.ofSeconds(10)),
                env.duration("STACK_SECRET_CACHE_TTL", Duration.ofSeconds(5)),
                env.duration("STACK_ROTATION_OVERLAP", Duration.ofSeconds(15)),
                env.bool("STACK_STORE_FSYNC", false),
                env.duration("STACK_DRAIN_TIMEOUT", DEFAULT_DRAIN_TIMEOUT),
                env.integer("STACK_INTEGRATOR_QUOTA", DEFAULT_QUOTA, 1, Integer.MAX_VALUE),
                env.integer("STACK_COMPLIANCE_QUOTA", DEFAULT_QUOTA, 1, Integer.MAX_VALUE),
                TokenPolicy.entra(env.string("STACK_TOKEN_TENANT_ID", LOCAL_TENANT),
                        env.string("STACK_TOKEN_AUDIENCE", LOCAL_AUDIENCE), env.string("STACK_TOKEN_ROLE", LOCAL_ROLE)));
    }

    /** For tests: everything on free ports under {@code dataDir}, embedded stores. */
    public static StackSettings ephemeral(Path dataDir) {
        return new StackSettings(dataDir, 0, 0, 0, 0, 0, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), 1000, Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(15), false,
                DEFAULT_DRAIN_TIMEOUT, DEFAULT_QUOTA, DEFAULT_QUOTA, TokenPolicy.entra(LOCAL_TENANT, LOCAL_AUDIENCE, LOCAL_ROLE));
    }

    public StackSettings withRateLimit(int calls, Duration period) {
        return new StackSettings(dataDir, gatewayPort, patientApiPort, auditApiPort, patientStorePort, auditStorePort,
                patientMongoUri, auditMongoUri, integratorKey, complianceKey, calls, period, secretCacheTtl, rotationOverlap,
                storeFsync, drainTimeout, integratorQuota, complianceQuota, tokenPolicy);
    }

    public StackSettings withKeyTimings(Duration cacheTtl, Duration overlap) {
        return new StackSettings(dataDir, gatewayPort, patientApiPort, auditApiPort, patientStorePort, auditStorePort,
                patientMongoUri, auditMongoUri, integratorKey, complianceKey, rateLimitCalls, rateLimitPeriod, cacheTtl,
                overlap, storeFsync, drainTimeout, integratorQuota, complianceQuota, tokenPolicy);
    }

    public StackSettings withQuotas(int integrator, int compliance) {
        return new StackSettings(dataDir, gatewayPort, patientApiPort, auditApiPort, patientStorePort, auditStorePort,
                patientMongoUri, auditMongoUri, integratorKey, complianceKey, rateLimitCalls, rateLimitPeriod, secretCacheTtl,
                rotationOverlap, storeFsync, drainTimeout, integrator, compliance, tokenPolicy);
    }

    /** The same stack on the ports it actually got, so a restart comes back where it was. */
    public StackSettings withPorts(int gateway, int patientApi, int auditApi, int patientStore, int auditStore) {
        return new StackSettings(dataDir, gateway, patientApi, auditApi, patientStore, auditStore, patientMongoUri,
                auditMongoUri, integratorKey, complianceKey, rateLimitCalls, rateLimitPeriod, secretCacheTtl, rotationOverlap,
                storeFsync, drainTimeout, integratorQuota, complianceQuota, tokenPolicy);
    }

    public Path vaultDir() {
        return dataDir.resolve("vault");
    }
}
