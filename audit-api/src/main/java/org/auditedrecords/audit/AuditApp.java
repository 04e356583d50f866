package org.auditedrecords.audit;

import com.mongodb.client.MongoClient;
import java.time.Clock;
import org.auditedrecords.audit.compliance.ComplianceService;
import org.auditedrecords.audit.store.MongoAuditLedger;
import org.auditedrecords.common.caller.CallerAssertions;
import org.auditedrecords.common.config.Env;
import org.auditedrecords.common.config.Lazy;
import org.auditedrecords.common.mongo.MongoConnections;
import org.auditedrecords.common.mongo.ThrottlingRetry;
import org.auditedrecords.common.secrets.SecretSource;
import org.auditedrecords.common.secrets.SecretSources;

/**
 * The Audit API's one wiring point: everything built once per process and shared by every invocation (the
 * Functions worker may create the function class per invocation).
 */
public final class AuditApp implements AutoCloseable {
    private static final Lazy<AuditApp> PROCESS = new Lazy<>(() -> create(Env.system()));
    /** The audience of the gateway's caller assertions for this app. */
    public static final String AUDIENCE = "audit-api";

    private final AuditConfig config;
    private final AuditRegister register;
    private final ComplianceService compliance;
    private final CallerAssertions callerAssertions;
    private final MongoClient mongo;

    private AuditApp(AuditConfig config, AuditRegister register, SecretSource secrets, MongoClient mongo, Clock clock) {
        this.config = config;
        this.register = register;
        this.compliance = new ComplianceService(register, config.sourceSystemName(), config.organisations(), clock);
        this.callerAssertions = new CallerAssertions(secrets, config.assertionKeySecret(), AUDIENCE, clock);
        this.mongo = mongo;
    }

    /** The process-wide app, built from the environment on first use (and retried if that failed). */
    public static AuditApp process() {
        return PROCESS.get();
    }

    public static AuditApp create(Env env) {
        return create(AuditConfig.from(env), SecretSources.fromEnvironment(env), Clock.systemUTC());
    }

    /** Connects to the store named by the vault, ensures indexes and chain heads exist. */
    public static AuditApp create(AuditConfig config, SecretSource secrets, Clock clock) {
        MongoClient mongo = MongoConnections.create(secrets.latest(config.mongoUriSecret()).value(), "audit-api");
        try {
            MongoAuditLedger ledger = new MongoAuditLedger(mongo.getDatabase(config.database()), ThrottlingRetry.defaults());
            ledger.createIndexes();
            AuditRegister register = new AuditRegister(ledger, new ChainSigner(secrets, config.signingKeySecret()),
                    clock, config.chains());
            register.initialize();
            return new AuditApp(config, register, secrets, mongo, clock);
        } catch (RuntimeException e) {
            mongo.close();
            throw e;
        }
    }

    public AuditConfig config() {
        return config;
    }

    public AuditRegister register() {
        return register;
    }

    /** The register as compliance staff use it: every query audited. */
    public ComplianceService compliance() {
        return compliance;
    }

    /** Verifies the gateway's assertion of who makes a compliance query. */
    public CallerAssertions callerAssertions() {
        return callerAssertions;
    }

    @Override
    public void close() {
        mongo.close();
    }
}
