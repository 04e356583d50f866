package org.auditedrecords.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.auditedrecords.auditapi.AuditApp;
import org.auditedrecords.audit.functions.AuditFunctions;
import org.auditedrecords.common.config.Env;
import org.auditedrecords.common.json.Json;
import org.auditedrecords.common.mongo.EmbeddedMongo;
import org.auditedrecords.common.secrets.CachingSecretSource;
import org.auditedrecords.common.secrets.LocalVault;
import org.auditedrecords.common.tls.LocalCertificate;
import org.auditedrecords.events.EventType;
import org.auditedrecords.host.AccessRestrictions;
import org.auditedrecords.host.AccessRule;
import org.auditedrecords.host.FunctionKeys;
import org.auditedrecords.host.FunctionsHost;
import org.auditedrecords.host.contract.OpenApiDocument;
import org.auditedrecords.local.events.EventSettings;
import org.auditedrecords.local.events.EventSubscription;
import org.auditedrecords.local.events.ExampleSubscriber;
import org.auditedrecords.local.events.LocalTopic;
import org.auditedrecords.local.gateway.Api;
import org.auditedrecords.local.gateway.CallLimits;
import org.auditedrecords.local.gateway.CallerIdentification;
import org.auditedrecords.local.gateway.ConsoleSite;
import org.auditedrecords.local.gateway.Gateway;
import org.auditedrecords.local.gateway.GatewayPipeline;
import org.auditedrecords.local.gateway.JettyBackend;
import org.auditedrecords.local.gateway.PathTemplate;
import org.auditedrecords.local.gateway.Quota;
import org.auditedrecords.local.gateway.RateLimiter;
import org.auditedrecords.local.gateway.TokenAccess;
import org.auditedrecords.local.gateway.TokenValidator;
import org.auditedrecords.patientapi.PatientApp;
import org.auditedrecords.patientapi.functions.PatientFunctions;
import org.auditedrecords.patientapi.functions.TestResultFunctions;

/**
 * The whole system on one machine: two embedded stores persisted under the data directory, a local vault, the
 * Audit API and Patient API function classes on their own functions hosts, each on its subnet's loopback address
 * behind default-deny access restrictions, the gateway on 127.0.0.1, and the event path: an Event Grid-compatible
 * topic (HTTPS), an example webhook subscriber and the Patient API's outbox relay on a schedule — the same keys,
 * lockdown, rotation and event behaviour as in Azure.
 */
public final class Stack implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Stack.class.getName());
    public static final String INTEGRATOR_SUBSCRIPTION = "integrator-local";
    public static final String COMPLIANCE_SUBSCRIPTION = "compliance-local";
    static final String INTEGRATOR_PRODUCT = "integrator";
    static final String COMPLIANCE_PRODUCT = "compliance";
    private static final GatewayDirectory DIRECTORY = GatewayDirectory.load();
    static final String EXAMPLE_SUBSCRIPTION = "example-subscriber";
    /** The embedded stores' file names under the data directory, and the apps' databases in them. */
    public static final String PATIENT_STORE = "patients";
    public static final String AUDIT_STORE = "audit";
    public static final String PATIENT_DATABASE = "patients";
    public static final String AUDIT_DATABASE = "audit";

    private final StackSettings settings;
    private final LocalVault vault;
    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private FunctionsHost auditHost;
    private FunctionsHost patientHost;
    private Gateway gateway;
    private StackLog stackLog;
    private ExampleSubscriber subscriber;
    private LocalTopic topic;
    private LocalRelay relay;
    private int patientStorePort;
    private int auditStorePort;

    private Stack(StackSettings settings) {
        this.settings = settings;
        this.vault = new LocalVault(settings.vaultDir(), Clock.systemUTC());
    }

    /** Starts everything, or nothing: a failure closes what had started. */
    public static Stack start(StackSettings settings, Consumer<String> log) {
        Stack stack = new Stack(settings);
        try {
            stack.startAll(log);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(Consumer<String> console) {
        stackLog = new StackLog(settings.dataDir().resolve("logs").resolve("stack.jsonl"), console);
        running.push(stackLog);
        LocalNetwork network = LocalNetwork.load();
        requireLoopbackAliases(network);
        String patientUri = settings.patientMongoUri().orElseGet(() -> embeddedStore(PATIENT_STORE, settings.patientStorePort(), p -> patientStorePort = p));
        String auditUri = settings.auditMongoUri().orElseGet(() -> embeddedStore(AUDIT_STORE, settings.auditStorePort(), p -> auditStorePort = p));
        bootstrapSecrets(settings, vault, patientUri, auditUri);
        VaultKeySet keys = new VaultKeySet(vault);

        AuditApp audit = AuditApp.create(auditEnv(settings));
        running.push(audit);
        auditHost = host("audit-api", network, settings.auditApiPort(), List.of(AuditFunctions.class),
                c -> new AuditFunctions(() -> audit),
                (function, level) -> keys.accepted(function.equals("CreateAuditRecord")
                        ? StackSecrets.AUDIT_CREATE_KEY : StackSecrets.AUDIT_QUERY_KEY));

        LocalCertificate certificate = LocalCertificate.in(eventsDir().resolve("tls"), "127.0.0.1");
        startEvents(certificate, keys, console);
        PatientApp patient = PatientApp.create(new Env(appSettings(settings, Map.of(
                "MONGODB_URI_SECRET", StackSecrets.PATIENT_MONGODB_URI, "MONGODB_DATABASE", PATIENT_DATABASE,
                "AUDIT_API_URL", auditHost.baseUri() + "/api", "AUDIT_API_KEY_SECRET", StackSecrets.AUDIT_CREATE_KEY,
                "AUDIT_API_BIND_ADDRESS", network.address("patient-api").getHostAddress(),
                "EVENT_GRID_TOPIC_ENDPOINT", topic.endpoint().toString(),
                "EVENT_GRID_KEY_SECRET", StackSecrets.EVENT_GRID_KEY,
                "EVENT_GRID_TRUSTED_CERTIFICATE", certificate.certificate().toString(),
                "GATEWAY_ASSERTION_KEY_SECRET", StackSecrets.GATEWAY_ASSERTION_KEY))));
        running.push(patient);
        relay = new LocalRelay(patient.eventRelay().orElseThrow(), settings.events().relayInterval(), console);
        running.push(relay);
        patientHost = host("patient-api", network, settings.patientApiPort(),
                List.of(PatientFunctions.class, TestResultFunctions.class),
                c -> c == PatientFunctions.class ? new PatientFunctions(() -> patient) : new TestResultFunctions(() -> patient),
                (function, level) -> keys.accepted(StackSecrets.PATIENT_API_KEY));

        JettyBackend backend = new JettyBackend(network.address("gateway"), Duration.ofSeconds(30));
        running.push(backend);
        List<Api> apis = List.of(
                new Api("patient", "/patient", URI.create(patientHost.baseUri() + "/api/patient"), StackSecrets.PATIENT_API_KEY,
                        "patient-api", gatewayOperations("patient-api/openapi.yaml")),
                new Api("audit", "/audit", URI.create(auditHost.baseUri() + "/api"), StackSecrets.AUDIT_QUERY_KEY,
                        "audit-api", gatewayOperations("audit-api/openapi.yaml")));
        // Integrators may also call with an access token instead of a key, as the integrator product's validate-jwt.
        TokenAccess tokens = new TokenAccess(INTEGRATOR_PRODUCT, Set.of("patient"), new TokenValidator(settings.tokenPolicy(),
                LocalTokenIssuer.keys(keys), Clock.systemUTC(), Json.newMapper()));
        CallLimits limits = new CallLimits(new RateLimiter(settings.rateLimitCalls(), settings.rateLimitPeriod(), Clock.systemUTC()),
                Map.of(INTEGRATOR_PRODUCT, Quota.daily(settings.integratorQuota(), Clock.systemUTC()),
                        COMPLIANCE_PRODUCT, Quota.daily(settings.complianceQuota(), Clock.systemUTC())),
                List.of(INTEGRATOR_PRODUCT, COMPLIANCE_PRODUCT));
        GatewayPipeline pipeline = new GatewayPipeline(apis, new CallerIdentification(DIRECTORY.subscriptions(), keys,
                Optional.of(tokens)), new CachingSecretSource(vault, settings.secretCacheTtl(), Clock.systemUTC()), limits, backend,
                StackSecrets.GATEWAY_ASSERTION_KEY, Clock.systemUTC());
        gateway = new Gateway(new InetSocketAddress("127.0.0.1", settings.gatewayPort()), pipeline,
                ConsoleSite.load(repositoryFile("compliance-console")), stackLog::gateway);
        gateway.start();
        running.push(gateway);
    }

    /**
     * The example subscriber, then the topic that delivers to it (one subscription to all four event types, with the
     * configured retry policy and dead-lettering under {@code eventgrid/deadletter}).
     */
    private void startEvents(LocalCertificate certificate, VaultKeySet keys, Consumer<String> console) {
        EventSettings events = settings.events();
        subscriber = new ExampleSubscriber("127.0.0.1", events.subscriberPort(), Clock.systemUTC(), console);
        subscriber.start();
        running.push(subscriber);
        EventSubscription example = new EventSubscription(EXAMPLE_SUBSCRIPTION, subscriber.endpoint(),
                Arrays.stream(EventType.values()).map(EventType::wire).collect(Collectors.toSet()),
                events.maxDeliveryAttempts(), events.eventTimeToLive(), events.firstRetryDelay(), events.maxRetryDelay());
        topic = new LocalTopic("127.0.0.1", events.topicPort(), certificate,
                () -> keys.accepted(StackSecrets.EVENT_GRID_KEY), List.of(example), deadLetterDir(), Clock.systemUTC());
        topic.start();
        running.push(topic);
    }

    private Path eventsDir() {
        return settings.dataDir().resolve("eventgrid");
    }

    /** Where the local topic dead-letters, one folder per subscription, one file per event. */
    public Path deadLetterDir() {
        return eventsDir().resolve("deadletter");
    }

    public ExampleSubscriber subscriber() {
        return subscriber;
    }

    public LocalTopic topic() {
        return topic;
    }

    /** The scheduled outbox relay, which tests pause to run one of their own. */
    public LocalRelay relay() {
        return relay;
    }

    /**
     * The Audit API's settings in the stack: its database and connection-string secret, the vault's checkpoint key,
     * the witness directory under the data directory and the organisation directory. The seeder builds the register
     * from the same settings, so what it appends is signed and witnessed as the stack's own appends are.
     */
    public static Env auditEnv(StackSettings settings) {
        return new Env(appSettings(settings, Map.of(
                "MONGODB_URI_SECRET", StackSecrets.AUDIT_MONGODB_URI, "MONGODB_DATABASE", AUDIT_DATABASE,
                "AUDIT_CHECKPOINT_KEY_NAME", StackSecrets.CHECKPOINT_KEY,
                "AUDIT_WITNESS_DIR", settings.dataDir().resolve("witness").toString(),
                "ORGANISATION_DIRECTORY", DIRECTORY.organisationDirectoryJson(),
                "GATEWAY_ASSERTION_KEY_SECRET", StackSecrets.GATEWAY_ASSERTION_KEY)));
    }

    /** Creates the vault's missing secrets and points the connection-string secrets at the stores now open. */
    public static void bootstrapSecrets(StackSettings settings, LocalVault vault, String patientUri, String auditUri) {
        StackSecrets.bootstrap(vault, patientUri, auditUri, settings.integratorKey(), settings.complianceKey(),
                DIRECTORY.entries().stream().map(GatewayDirectory.Entry::keySecret).toList());
    }

    private static Map<String, String> appSettings(StackSettings settings, Map<String, String> specific) {
        Map<String, String> values = new java.util.HashMap<>(specific);
        values.put("LOCAL_VAULT_DIR", settings.vaultDir().toString());
        values.put("SECRET_CACHE_TTL", settings.secretCacheTtl().toString());
        return values;
    }

    private FunctionsHost host(String app, LocalNetwork network, int port, List<Class<?>> classes,
                               java.util.function.Function<Class<?>, Object> instances, FunctionKeys keys) {
        List<AccessRule> rules = network.allow().get(app).stream()
                .map(subnet -> new AccessRule(subnet, network.subnets().get(subnet))).toList();
        FunctionsHost host = FunctionsHost.builder().appName(app).functionClasses(classes).instances(instances)
                .bindAddress(network.address(app)).port(port).keys(keys)
                .accessRestrictions(AccessRestrictions.allowOnly(rules))
                .requestLog(e -> stackLog.host(app, e)).build();
        host.start();
        running.push(host);
        return host;
    }

    private String embeddedStore(String name, int port, java.util.function.IntConsumer boundPort) {
        EmbeddedMongo store = openStore(settings, name, port);
        running.push(store);
        boundPort.accept(store.address().getPort());
        return store.connectionString();
    }

    /**
     * The embedded store {@code name} ({@link #PATIENT_STORE} or {@link #AUDIT_STORE}) persisted under the data
     * directory with the stack's durability, on {@code port} of 127.0.0.1 (0: a free one). Fails while another
     * process has it open.
     */
    public static EmbeddedMongo openStore(StackSettings settings, String name, int port) {
        return EmbeddedMongo.persistent(settings.dataDir().resolve(name + ".mv"), "127.0.0.1", port,
                settings.storeFsync() ? EmbeddedMongo.Durability.FLUSHED : EmbeddedMongo.Durability.WRITTEN);
    }

    /** Fails closed, with the fix, where the loopback subnets cannot be bound (macOS has only 127.0.0.1 by default). */
    private static void requireLoopbackAliases(LocalNetwork network) {
        for (String subnet : network.subnets().keySet()) {
            InetAddress address = network.address(subnet);
            try (ServerSocket probe = new ServerSocket(0, 1, address)) {
                probe.getLocalPort();
            } catch (BindException e) {
                throw new IllegalStateException("Cannot use " + address.getHostAddress() + " for the " + subnet
                        + " subnet. On macOS add it with: sudo ifconfig lo0 alias " + address.getHostAddress() + " up");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The operations APIM imports from an app's OpenAPI document: the only ones the gateway lets through. */
    private static List<Api.Operation> gatewayOperations(String document) {
        return OpenApiDocument.operations(repositoryFile(document)).stream()
                .map(op -> new Api.Operation(op.operationId(), op.method(), PathTemplate.parse(op.path())))
                .toList();
    }

    /** A file of the repository (the OpenAPI documents), found from the working directory or its parents. */
    static Path repositoryFile(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("Cannot find " + relative + " above " + Path.of("").toAbsolutePath());
    }

    public URI gatewayUri() {
        return gateway.baseUri();
    }

    public URI patientApiUri() {
        return patientHost.baseUri();
    }

    public URI auditApiUri() {
        return auditHost.baseUri();
    }

    /** Every component's JSON log lines. */
    public Path logFile() {
        return stackLog.file();
    }

    public LocalVault vault() {
        return vault;
    }

    public String integratorKey() {
        return vault.latest(StackSecrets.INTEGRATOR_SUBSCRIPTION_KEY).value();
    }

    public String complianceKey() {
        return vault.latest(StackSecrets.COMPLIANCE_SUBSCRIPTION_KEY).value();
    }

    /** The current key of any subscription of {@code gateway-subscriptions.json}. */
    public String subscriptionKey(String subscriptionId) {
        return vault.latest(DIRECTORY.entry(subscriptionId).keySecret()).value();
    }

    /** The local stand-in for Entra ID, issuing the integrator access tokens the gateway accepts. */
    public LocalTokenIssuer tokenIssuer() {
        return new LocalTokenIssuer(vault, settings.tokenPolicy(), Clock.systemUTC(), Json.newMapper());
    }

    /** The settings with the ports actually bound, so a restart comes back on the same addresses. */
    public StackSettings boundSettings() {
        return settings.withPorts(gateway.baseUri().getPort(), patientHost.port(), auditHost.port(),
                patientStorePort, auditStorePort).withEvents(settings.events().withPorts(topic.port(),
                subscriber.endpoint().getPort()));
    }

    /** Stops the Audit API host only: for showing that writes are then refused. */
    public void stopAuditApi() {
        auditHost.close();
    }

    /**
     * Stops within the drain timeout (plus the second or so closing takes). First each server in turn stops taking
     * requests and lets those in flight finish, all against one deadline: the gateway, then the Patient API, then
     * the Audit API, so that a write in flight can still record its audit entry. Then everything closes in reverse
     * start order, the stores last, each after its last write is committed. A failure to close anything is logged
     * with its cause, and the rest still close.
     */
    @Override
    public void close() {
        Instant deadline = Instant.now().plus(settings.drainTimeout());
        boolean drained = (gateway == null || gateway.drain(until(deadline)))
                & (patientHost == null || patientHost.drain(until(deadline)))
                & (auditHost == null || auditHost.drain(until(deadline)));
        if (!drained) {
            LOG.warning(() -> "Requests still in flight after " + settings.drainTimeout() + " were cut off");
        }
        while (!running.isEmpty()) {
            AutoCloseable next = running.pop();
            try {
                next.close();
            } catch (Exception e) {
                // Keep closing the rest: a half-stopped stack would hold ports and files.
                LOG.log(Level.SEVERE, "Could not close " + next.getClass().getSimpleName() + " cleanly", e);
            }
        }
    }

    private static Duration until(Instant deadline) {
        return Duration.between(Instant.now(), deadline);
    }
}
