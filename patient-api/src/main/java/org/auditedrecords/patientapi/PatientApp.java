package org.auditedrecords.patientapi;

import com.azure.identity.DefaultAzureCredentialBuilder;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.auditedrecords.audittrail.AuditTrail;
import org.auditedrecords.audittrail.AuditedAccess;
import org.auditedrecords.audittrail.http.HttpAuditTrail;
import org.auditedrecords.common.caller.CallerAssertions;
import org.auditedrecords.common.config.Env;
import org.auditedrecords.common.config.Lazy;
import org.auditedrecords.common.json.Json;
import org.auditedrecords.common.mongo.ThrottlingRetry;
import org.auditedrecords.common.secrets.CachingSecretSource;
import org.auditedrecords.common.secrets.SecretSources;
import org.auditedrecords.common.telemetry.AppInsightsTelemetry;
import org.auditedrecords.common.telemetry.Telemetry;
import org.auditedrecords.events.EventPublisher;
import org.auditedrecords.events.EventRelay;
import org.auditedrecords.events.eventgrid.EventGridPublisher;
import org.auditedrecords.idempotency.IdempotencyStore;
import org.auditedrecords.idempotency.IdempotentCreates;
import org.auditedrecords.patient.PatientInput;
import org.auditedrecords.patient.PatientService;
import org.auditedrecords.patient.PatientStore;
import org.auditedrecords.patientapi.store.PatientDatabase;
import org.auditedrecords.testresult.TestResultService;
import org.auditedrecords.testresult.TestResultStore;

/**
 * The Patient API's one wiring point: everything built once per process and shared by every invocation (the
 * Functions worker may create the function classes per invocation) — the Mongo client, the Audit API client, the
 * secret cache, the Event Grid client of the outbox relay and the services on them.
 */
public final class PatientApp implements AutoCloseable {
    private static final Lazy<PatientApp> PROCESS = new Lazy<>(() -> create(Env.system()));
    /** The audience of the gateway's caller assertions for this app. */
    public static final String AUDIENCE = "patient-api";

    private final PatientInput patientInput;
    private final PatientService patients;
    private final TestResultService testResults;
    private final IdempotentCreates idempotentCreates;
    private final Optional<EventRelay> eventRelay;
    private final CallerAssertions callerAssertions;
    private final List<AutoCloseable> resources;

    private PatientApp(PatientInput patientInput, PatientService patients, TestResultService testResults,
                       IdempotentCreates idempotentCreates, Optional<EventRelay> eventRelay,
                       CallerAssertions callerAssertions, List<AutoCloseable> resources) {
        this.patientInput = patientInput;
        this.patients = patients;
        this.testResults = testResults;
        this.idempotentCreates = idempotentCreates;
        this.eventRelay = eventRelay;
        this.callerAssertions = callerAssertions;
        this.resources = List.copyOf(resources);
    }

    /** The process-wide app, built from the environment on first use (and retried if that failed). */
    public static PatientApp process() {
        return PROCESS.get();
    }

    public static PatientApp create(Env env) {
        return create(PatientConfig.from(env), SecretSources.fromEnvironment(env), Clock.systemUTC(),
                AppInsightsTelemetry.fromEnvironment(env));
    }

    /**
     * Connects to the store named by the vault, ensures its indexes, starts the Audit API client and, when a topic is
     * configured, the Event Grid client of the outbox relay.
     *
     * @param telemetry told about audit calls beyond what the Application Insights agent sees
     */
    public static PatientApp create(PatientConfig config, CachingSecretSource secrets, Clock clock,
                                    Telemetry telemetry) {
        PatientDatabase database = PatientDatabase.open(secrets.latest(config.mongoUriSecret()).value(),
                config.database(), ThrottlingRetry.defaults());
        try {
            HttpAuditTrail trail = HttpAuditTrail.start(new HttpAuditTrail.Settings(config.auditApiUrl(),
                    config.auditApiKeySecret(), config.auditApiBindAddress().orElse(null), config.auditApiTimeout(),
                    config.sourceSystemName()), secrets, Json.newMapper(), telemetry);
            Optional<EventRelay> relay = config.eventGridTopicEndpoint().map(topic -> new EventRelay(
                    database.outboxes(), publisher(config, topic, secrets),
                    EventRelay.DEFAULT_RESOURCES_PER_ROUND, clock));
            CallerAssertions callers = new CallerAssertions(secrets, config.assertionKeySecret(), AUDIENCE, clock);
            return of(database.patients(), database.tests(), database.idempotency(), trail, relay,
                    config.idempotencyRetention(), callers, clock, trail, database);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private static EventPublisher publisher(PatientConfig config, URI topic, CachingSecretSource secrets) {
        return config.eventGridKeySecret()
                .map(secret -> EventGridPublisher.withAccessKey(topic, () -> secrets.latest(secret).value(),
                        config.eventGridTrustedCertificate(), config.sourceSystemName(), Json.newMapper()))
                .orElseGet(() -> EventGridPublisher.withToken(topic, new DefaultAzureCredentialBuilder().build(),
                        config.sourceSystemName(), Json.newMapper()));
    }

    /** An app on the given ports, without an event relay and with the default idempotency window, for tests. */
    public static PatientApp of(PatientStore patientStore, TestResultStore testStore, IdempotencyStore idempotency,
                                AuditTrail trail, CallerAssertions callerAssertions, Clock clock) {
        return of(patientStore, testStore, idempotency, trail, Optional.empty(),
                PatientConfig.DEFAULT_IDEMPOTENCY_RETENTION, callerAssertions, clock);
    }

    /**
     * An app on the given ports and relay.
     *
     * @param idempotencyRetention how long an {@code Idempotency-Key} is remembered
     * @param callerAssertions     verifies the gateway's assertion of who is calling
     * @param resources            closed, in order, when the app is
     */
    public static PatientApp of(PatientStore patientStore, TestResultStore testStore, IdempotencyStore idempotency,
                                AuditTrail trail, Optional<EventRelay> eventRelay, Duration idempotencyRetention,
                                CallerAssertions callerAssertions, Clock clock, AutoCloseable... resources) {
        AuditedAccess audit = new AuditedAccess(trail);
        return new PatientApp(new PatientInput(clock), new PatientService(patientStore, audit, clock),
                new TestResultService(testStore, patientStore, audit, clock),
                new IdempotentCreates(idempotency, audit, idempotencyRetention, clock), eventRelay, callerAssertions,
                List.of(resources));
    }

    public PatientInput patientInput() {
        return patientInput;
    }

    public PatientService patients() {
        return patients;
    }

    public TestResultService testResults() {
        return testResults;
    }

    /** Runs creates once per {@code Idempotency-Key}. */
    public IdempotentCreates idempotentCreates() {
        return idempotentCreates;
    }

    /** The outbox relay; empty when no topic is configured (events then wait in the outbox). */
    public Optional<EventRelay> eventRelay() {
        return eventRelay;
    }

    public CallerAssertions callerAssertions() {
        return callerAssertions;
    }

    @Override
    public void close() {
        List<Exception> failures = new ArrayList<>();
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            IllegalStateException failure = new IllegalStateException("The Patient API did not close cleanly");
            failures.forEach(failure::addSuppressed);
            throw failure;
        }
    }
}
