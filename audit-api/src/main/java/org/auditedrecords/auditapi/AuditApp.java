package org.auditedrecords.auditapi;

import com.mongodb.client.MongoClient;
import java.nio.file.Path;
import java.time.Clock;
import org.auditedrecords.audit.AuditRegister;
import org.auditedrecords.audit.compliance.ComplianceService;
import org.auditedrecords.audit.log.CheckpointSigner;
import org.auditedrecords.audit.log.Witness;
import org.auditedrecords.audit.signing.KeyVaultCheckpointSigner;
import org.auditedrecords.audit.signing.LocalCheckpointSigner;
import org.auditedrecords.audit.store.MongoAuditLedger;
import org.auditedrecords.audit.witness.BlobWitness;
import org.auditedrecords.audit.witness.DirectoryWitness;
import org.auditedrecords.common.config.ConfigException;
import org.auditedrecords.common.config.Env;
import org.auditedrecords.common.config.Lazy;
import org.auditedrecords.common.mongo.MongoConnections;
import org.auditedrecords.common.mongo.ThrottlingRetry;
import org.auditedrecords.common.caller.CallerAssertions;
import org.auditedrecords.common.secrets.LocalVault;
import org.auditedrecords.common.secrets.SecretSource;
import org.auditedrecords.common.secrets.SecretSources;

/**
 * The Audit API's one wiring point: everything built once per process and shared by every invocation (the
 * Functions worker may create the function class per invocation) — the Mongo client, the checkpoint signer, the
 * witness and the register on them, whose background sealing runs as long as the process does.
 */
public final class AuditApp implements AutoCloseable {
    /** The audience of the gateway's caller assertions for this app. */
    public static final String AUDIENCE = "audit-api";
    private static final Lazy<AuditApp> PROCESS = new Lazy<>(() -> {
        AuditApp app = create(Env.system());
        // Seal every acknowledged record when the worker stops (tessera's shutdown rule).
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "audit-register-shutdown"));
        return app;
    });

    private final AuditConfig config;
    private final AuditRegister register;
    private final ComplianceService compliance;
    private final MongoClient mongo;
    private final CallerAssertions callerAssertions;

    private AuditApp(AuditConfig config, AuditRegister register, MongoClient mongo, SecretSource secrets, Clock clock) {
        this.config = config;
        this.callerAssertions = new CallerAssertions(secrets, config.assertionKeySecret(), AUDIENCE, clock);
        this.register = register;
        this.compliance = new ComplianceService(register, config.sourceSystemName(), config.organisations(), clock);
        this.mongo = mongo;
    }

    /** The process-wide app, built from the environment on first use (and retried if that failed). */
    public static AuditApp process() {
        return PROCESS.get();
    }

    /**
     * Key Vault (key and secrets) when {@code KEY_VAULT_URI} is set, otherwise the local vault, where the first
     * run creates the EC checkpoint key if it is missing.
     */
    public static AuditApp create(Env env) {
        AuditConfig config = AuditConfig.from(env);
        SecretSource secrets = SecretSources.fromEnvironment(env);
        CheckpointSigner signer = env.uri(SecretSources.KEY_VAULT_URI)
                .<CheckpointSigner>map(vault -> KeyVaultCheckpointSigner.create(vault, config.checkpointKey(),
                        config.register().origin(), env.duration(SecretSources.SECRET_CACHE_TTL, SecretSources.DEFAULT_CACHE_TTL)))
                .orElseGet(() -> {
                    LocalVault vault = new LocalVault(localVault(env), Clock.systemUTC());
                    vault.putIfAbsent(config.checkpointKey(), LocalCheckpointSigner::newKeyValue);
                    return new LocalCheckpointSigner(vault, config.checkpointKey(), config.register().origin(),
                            config.keyOverlap());
                });
        Witness witness = config.witnessContainer().<Witness>map(BlobWitness::create)
                .orElseGet(() -> new DirectoryWitness(config.witnessDirectory().orElseThrow()));
        return create(config, secrets, signer, witness, Clock.systemUTC());
    }

    /** Connects to the store named by the vault, ensures its indexes, and starts sealing. */
    public static AuditApp create(AuditConfig config, SecretSource secrets, CheckpointSigner signer, Witness witness,
                                  Clock clock) {
        MongoClient mongo = MongoConnections.create(secrets.latest(config.mongoUriSecret()).value(), "audit-api");
        try {
            MongoAuditLedger ledger = new MongoAuditLedger(mongo.getDatabase(config.database()), ThrottlingRetry.defaults());
            ledger.createIndexes();
            signer.publicKeys();
            AuditRegister register = new AuditRegister(ledger, signer, witness, clock, config.register())
                    .start(!config.fullVerificationByTimer());
            return new AuditApp(config, register, mongo, secrets, clock);
        } catch (RuntimeException e) {
            mongo.close();
            throw e;
        }
    }

    private static Path localVault(Env env) {
        return env.optional(SecretSources.LOCAL_VAULT_DIR).map(Path::of).orElseThrow(() -> new ConfigException("Set " + SecretSources.KEY_VAULT_URI + " or "
                        + SecretSources.LOCAL_VAULT_DIR + " for the checkpoint signing key."));
    }

    /** Verifies the gateway's assertion of who makes a compliance query. */
    public CallerAssertions callerAssertions() {
        return callerAssertions;
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

    /** Seals what was appended, then closes the store connection. */
    @Override
    public void close() {
        try {
            register.close();
        } finally {
            mongo.close();
        }
    }
}
