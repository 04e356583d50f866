package org.auditedrecords.patientapi.functions;

import com.mongodb.client.MongoClient;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.auditedrecords.auditapi.AuditApp;
import org.auditedrecords.common.config.Env;
import org.auditedrecords.audit.AuditQuery;
import org.auditedrecords.audit.AuditRecord;
import org.auditedrecords.audit.functions.AuditFunctions;
import org.auditedrecords.common.mongo.EmbeddedMongo;
import org.auditedrecords.common.mongo.MongoConnections;
import org.auditedrecords.common.caller.CallerAssertion;
import org.auditedrecords.common.caller.CallerAssertions;
import org.auditedrecords.common.secrets.CachingSecretSource;
import org.auditedrecords.common.secrets.Keys;
import org.auditedrecords.common.secrets.LocalVault;
import org.auditedrecords.common.telemetry.Telemetry;
import org.auditedrecords.host.AccessRestrictions;
import org.auditedrecords.host.AccessRule;
import org.auditedrecords.host.FunctionsHost;
import org.auditedrecords.host.InMemoryFunctionKeys;
import org.auditedrecords.host.RequestLogEntry;
import org.auditedrecords.patientapi.PatientApp;
import org.auditedrecords.patientapi.PatientConfig;
import org.auditedrecords.patientapi.store.MongoPatientStore;
import org.auditedrecords.patientapi.store.MongoTestResultStore;

/**
 * Both apps as deployed, on one machine: the real Audit API and the Patient API, each served by its own functions host
 * over HTTP with function keys, each on its own embedded store, with keys and connection strings in a local vault.
 * The Audit API admits only the Patient API's own loopback address, so every audit call also proves the client binds
 * its configured source address.
 */
public final class TwoAppStack implements AutoCloseable {
    public static final String PATIENT_API_ADDRESS = "127.0.0.3";
    static final String CREATE_KEY_SECRET = "audit-create-key";
    private static final String ASSERTION_KEY_SECRET = "gateway-assertion-key";

    private final LocalVault vault;
    private final EmbeddedMongo auditMongo = EmbeddedMongo.inMemory();
    private final EmbeddedMongo patientMongo = EmbeddedMongo.inMemory();
    private final AuditApp auditApp;
    private final InMemoryFunctionKeys auditKeys = new InMemoryFunctionKeys();
    private final List<RequestLogEntry> auditRequests = Collections.synchronizedList(new ArrayList<>());
    private final FunctionsHost auditHost;
    private final PatientApp patientApp;
    private final FunctionsHost patientHost;
    private final String gatewayKey = Keys.newKey();
    private int auditKeyGeneration = 1;
    private boolean auditApiStopped;

    private TwoAppStack(Path dir) {
        vault = new LocalVault(dir.resolve("vault"), Clock.systemUTC());
        vault.put("audit-mongodb-uri", auditMongo.connectionString());
        vault.put("patient-mongodb-uri", patientMongo.connectionString());
        String createKey = vault.put(CREATE_KEY_SECRET, Keys.newKey()).value();
        String assertionKey = vault.put(ASSERTION_KEY_SECRET + "-a", Keys.newKey()).value();
        vault.put(ASSERTION_KEY_SECRET, "a." + assertionKey);

        auditApp = AuditApp.create(new Env(Map.of("LOCAL_VAULT_DIR", dir.resolve("vault").toString(),
                "SECRET_CACHE_TTL", "PT30M", "AUDIT_WITNESS_DIR", dir.resolve("witness").toString(), "AUDIT_LOGS", "4", "GATEWAY_ASSERTION_KEY_SECRET", ASSERTION_KEY_SECRET)));
        auditKeys.putFunctionKey("CreateAuditRecord", "patient-api-1", createKey);
        auditHost = FunctionsHost.builder().appName("audit-api").functionClasses(List.of(AuditFunctions.class))
                .instances(type -> new AuditFunctions(() -> auditApp)).keys(auditKeys)
                .accessRestrictions(AccessRestrictions.allowOnly(
                        List.of(new AccessRule("patient-api", PATIENT_API_ADDRESS + "/32"))))
                .requestLog(auditRequests::add).build();
        auditHost.start();

        // A long secret cache: a rotated key can only be picked up through the client's re-read on 401.
        patientApp = PatientApp.create(new PatientConfig("patient-mongodb-uri", "patients",
                auditHost.baseUri().resolve("/api"), CREATE_KEY_SECRET, Optional.of(address(PATIENT_API_ADDRESS)),
                Duration.ofSeconds(5), "patient-api", Optional.empty(), Optional.empty(), Optional.empty(),
                Duration.ofHours(24), ASSERTION_KEY_SECRET),
                secrets(), Clock.systemUTC(), Telemetry.NONE);
        InMemoryFunctionKeys patientKeys = new InMemoryFunctionKeys();
        patientKeys.putHostKey("gateway", gatewayKey);
        patientHost = FunctionsHost.builder().appName("patient-api")
                .functionClasses(List.of(PatientFunctions.class, TestResultFunctions.class))
                .instances(type -> type == PatientFunctions.class
                        ? new PatientFunctions(() -> patientApp) : new TestResultFunctions(() -> patientApp))
                .keys(patientKeys).build();
        patientHost.start();
    }

    /** Starts both apps; the vault lives in {@code dir}. */
    public static TwoAppStack start(Path dir) {
        return new TwoAppStack(dir);
    }

    private CachingSecretSource secrets() {
        return new CachingSecretSource(vault, Duration.ofMinutes(30), Clock.systemUTC());
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Patient API's base, e.g. {@code http://127.0.0.1:41234/api/}. */
    public URI patientApi() {
        return patientHost.baseUri().resolve("/api/");
    }

    /** A caller assertion for this request as the gateway would sign it: now, for the Patient API. */
    public String assertion(String clientId, String address, String requestId) {
        Instant now = Instant.now();
        return CallerAssertions.sign(new CallerAssertion(clientId, address, requestId, PatientApp.AUDIENCE, now,
                now.plus(CallerAssertions.LIFETIME)), vault.latest(ASSERTION_KEY_SECRET));
    }

    /** The key the gateway holds for the Patient API. */
    public String gatewayKey() {
        return gatewayKey;
    }

    /** Every audit record of one request, by the trace id it was made in, in the order stored. */
    public List<AuditRecord> auditsOf(String traceId) {
        return auditApp.register().query(new AuditQuery(null, null, null, null, null, null, traceId, null, null,
                false, null), 100).records();
    }

    /** The requests the Audit API's host answered, as its request log saw them. */
    public List<RequestLogEntry> auditRequests() {
        return List.copyOf(auditRequests);
    }

    public long storedPatients() {
        return count(MongoPatientStore.COLLECTION);
    }

    public long storedTests() {
        return count(MongoTestResultStore.COLLECTION);
    }

    private long count(String collection) {
        try (MongoClient client = MongoConnections.create(patientMongo.connectionString(), "test-reader")) {
            return client.getDatabase("patients").getCollection(collection).countDocuments();
        }
    }

    /**
     * Rotates the Patient API's key for the Audit API as the runbook does: a new function key on the Audit API, the
     * new value as the secret's latest version, and then the old key removed.
     */
    public void rotateAuditKey() {
        String next = Keys.newKey();
        auditKeys.putFunctionKey("CreateAuditRecord", "patient-api-" + (auditKeyGeneration + 1), next);
        vault.put(CREATE_KEY_SECRET, next);
        auditKeys.removeFunctionKey("CreateAuditRecord", "patient-api-" + auditKeyGeneration);
        auditKeyGeneration++;
    }

    /** Takes the Audit API down: its port is released and nothing answers there. */
    public void stopAuditApi() {
        auditApiStopped = true;
        auditHost.close();
    }

    /** Takes the patient store down. */
    public void stopPatientStore() {
        patientMongo.close();
    }

    @Override
    public void close() {
        patientHost.close();
        patientApp.close();
        if (!auditApiStopped) {
            auditHost.close();
        }
        auditApp.close();
        patientMongo.close();
        auditMongo.close();
    }
}
