package org.auditedrecords.local.seed;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.auditedrecords.auditapi.AuditApp;
import org.auditedrecords.common.caller.CallerAssertions;
import org.auditedrecords.common.json.Json;
import org.auditedrecords.common.mongo.EmbeddedMongo;
import org.auditedrecords.common.mongo.ThrottlingRetry;
import org.auditedrecords.common.secrets.LocalVault;
import org.auditedrecords.events.EventRelay;
import org.auditedrecords.local.Stack;
import org.auditedrecords.local.StackSecrets;
import org.auditedrecords.local.StackSettings;
import org.auditedrecords.patientapi.PatientApp;
import org.auditedrecords.patientapi.PatientConfig;
import org.auditedrecords.patientapi.store.PatientDatabase;

/**
 * Grows a stopped stack's data fast and faithfully, for benchmarks: it opens the stack's stores, vault and witness as
 * the stack does ({@link Stack#openStore}, {@link Stack#auditEnv}) and runs requests straight against the two apps'
 * services and stores in this process ({@link SeededRequests}). So every document is written by the Patient API's
 * store adapters (same ids, fields, versions and indexes), every audit record is appended by the register's own
 * writer (real Merkle leaves in the process's own logs, sealed by checkpoints signed with the stack's checkpoint key
 * and published to the stack's witness), and the outbox relay clears the seeded documents' events as it would after
 * publishing them. What is left out is the HTTP between client, gateway and apps, and the delivery of those events:
 * they are taken out of the outboxes but not sent to the local topic, so the example subscriber never sees them.
 *
 * <p>Guarantees: when {@link #seed} returns, every record it counted is durable and covered by a signed, witnessed
 * checkpoint (closing the register seals them), and every id it wrote to the ids file names a stored patient or test.
 * Bounded by the plan's counts and its time limit; it makes no network call but to its own stores on 127.0.0.1.
 */
public final class StackSeeder {
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(10);
    /** How long one relay run may take before the seeding goes on; the stack's relay runs as often. */
    private static final Duration RELAY_BUDGET = Duration.ofSeconds(1);

    private final StackSettings settings;
    private final Clock clock;
    private final Consumer<String> progress;

    /** @param progress told a line every {@link #PROGRESS_INTERVAL} and when the run ends */
    public StackSeeder(StackSettings settings, Clock clock, Consumer<String> progress) {
        this.settings = settings;
        this.clock = clock;
        this.progress = progress;
    }

    /**
     * Seeds the stack's data directory with {@code plan}; the stack must not be running on it (its stores are then
     * locked, and this fails before writing anything).
     *
     * @param ids told one line per created patient ({@code P <id>}) and test ({@code T <patientId> <testId>}), the
     *            format {@code bench/scenario.lua} reads
     */
    public SeedResult seed(SeedPlan plan, Writer ids) {
        Instant started = clock.instant();
        List<AutoCloseable> open = new ArrayList<>();
        try {
            String patientUri = settings.patientMongoUri().orElseGet(() -> store(Stack.PATIENT_STORE, open));
            String auditUri = settings.auditMongoUri().orElseGet(() -> store(Stack.AUDIT_STORE, open));
            LocalVault vault = new LocalVault(settings.vaultDir(), clock);
            Stack.bootstrapSecrets(settings, vault, patientUri, auditUri);
            Run run;
            AuditApp audit = AuditApp.create(Stack.auditEnv(settings));
            try {
                run = new Run(plan, ids, audit, PatientDatabase.open(patientUri, Stack.PATIENT_DATABASE,
                        ThrottlingRetry.defaults()), vault);
                try {
                    run.go();
                } finally {
                    run.close();
                }
            } finally {
                // Seals every record appended: the result is reported only once all of them are checkpointed.
                audit.close();
            }
            return run.result(Duration.between(started, clock.instant()));
        } finally {
            closeAll(open);
        }
    }

    private String store(String name, List<AutoCloseable> open) {
        EmbeddedMongo store;
        try {
            store = Stack.openStore(settings, name, 0);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot open the stack's " + name + " store under " + settings.dataDir()
                    + ": stop the stack first (it holds its stores while it runs)", e);
        }
        open.add(0, store);
        return store.connectionString();
    }

    /** One seeding run: its apps, its threads and its counts. */
    private final class Run {
        private final SeedPlan plan;
        private final Writer ids;
        private final PatientApp patients;
        private final RegisterTrail trail;
        private final SeededRequests requests;
        private final SeededRequests.Seeded[] seeded;
        private final AtomicInteger nextPatient = new AtomicInteger();
        private final AtomicInteger createdPatients = new AtomicInteger();
        private final AtomicInteger createdTests = new AtomicInteger();
        private final AtomicLong relayed = new AtomicLong();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final Instant deadline;

        /** Takes over {@code database}: closing the run closes it. */
        Run(SeedPlan plan, Writer ids, AuditApp audit, PatientDatabase database, LocalVault vault) {
            ObjectMapper mapper = Json.newMapper();
            this.plan = plan;
            this.ids = ids;
            this.trail = new RegisterTrail(audit, PatientConfig.DEFAULT_SOURCE_SYSTEM_NAME, mapper);
            EventRelay relay = new EventRelay(database.outboxes(), events -> relayed.addAndGet(events.size()),
                    EventRelay.DEFAULT_RESOURCES_PER_ROUND, clock);
            this.patients = PatientApp.of(database.patients(), database.tests(), database.idempotency(), trail,
                    Optional.of(relay), PatientConfig.DEFAULT_IDEMPOTENCY_RETENTION,
                    new CallerAssertions(vault, StackSecrets.GATEWAY_ASSERTION_KEY, PatientApp.AUDIENCE, clock), clock,
                    database);
            this.requests = new SeededRequests(patients, mapper);
            this.seeded = new SeededRequests.Seeded[plan.patients()];
            this.deadline = clock.instant().plus(plan.timeLimit());
        }

        void go() {
            ExecutorService threads = Executors.newFixedThreadPool(plan.writers() + 1, r -> {
                Thread thread = new Thread(r, "seeder");
                thread.setDaemon(true);
                return thread;
            });
            try {
                List<Future<?>> work = new ArrayList<>();
                for (int w = 0; w < plan.writers(); w++) {
                    work.add(threads.submit(this::write));
                }
                Future<?> relay = threads.submit(() -> {
                    relayWhileSeeding();
                    return null;
                });
                report(work);
                stopped.set(true);
                relay.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while seeding", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("Seeding failed: " + e.getCause(), e.getCause());
            } finally {
                stopped.set(true);
                threads.shutdownNow();
            }
        }

        /** Prints progress until every writer is done; rethrows the first writer's failure. */
        private void report(List<Future<?>> work) throws InterruptedException, ExecutionException {
            for (Future<?> writer : work) {
                while (true) {
                    try {
                        writer.get(PROGRESS_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
                        break;
                    } catch (TimeoutException stillRunning) {
                        progress.accept(line());
                    }
                }
            }
        }

        /** Creates patients while any are left, then reads seeded ones until the register has its records; a failure stops every writer. */
        private void write() {
            try {
                writeUntilDone();
            } catch (RuntimeException e) {
                stopped.set(true);
                throw e;
            }
        }

        private void writeUntilDone() {
            while (!stopped.get() && clock.instant().isBefore(deadline)) {
                int n = nextPatient.getAndIncrement();
                if (n < seeded.length) {
                    SeededRequests.Seeded patient = requests.patient(n);
                    seeded[n] = patient;
                    created(patient);
                } else if (auditRecords() < plan.auditRecords() && createdPatients.get() > 0) {
                    requests.read(randomSeeded());
                } else {
                    return;
                }
            }
        }

        private SeededRequests.Seeded randomSeeded() {
            SeededRequests.Seeded patient;
            do {
                patient = seeded[ThreadLocalRandom.current().nextInt(Math.min(seeded.length, nextPatient.get()))];
            } while (patient == null);
            return patient;
        }

        private void created(SeededRequests.Seeded patient) {
            createdPatients.incrementAndGet();
            StringBuilder lines = new StringBuilder("P ").append(patient.patientId()).append('\n');
            if (patient.testId() != null) {
                createdTests.incrementAndGet();
                lines.append("T ").append(patient.patientId()).append(' ').append(patient.testId()).append('\n');
            }
            synchronized (ids) {
                try {
                    ids.write(lines.toString());
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot write the ids file", e);
                }
            }
        }

        /** As the stack's relay does, every second, so outboxes never hold more than a second of writes. */
        private void relayWhileSeeding() throws InterruptedException {
            while (!stopped.get()) {
                if (patients.eventRelay().orElseThrow().relay(RELAY_BUDGET) == 0) {
                    Thread.sleep(RELAY_BUDGET.toMillis());
                }
            }
        }

        long auditRecords() {
            return trail.appended();
        }

        private String line() {
            return "seeded " + createdPatients.get() + " patients, " + createdTests.get() + " tests, " + auditRecords()
                    + " audit records";
        }

        SeedResult result(Duration took) {
            boolean complete = createdPatients.get() == plan.patients() && auditRecords() >= plan.auditRecords();
            SeedResult result = new SeedResult(createdPatients.get(), createdTests.get(), auditRecords(), relayed.get(),
                    took.toMillis() / 1000.0, complete);
            progress.accept(line() + " in " + result.seconds() + " s" + (complete ? "" : " (stopped by the time limit)"));
            return result;
        }

        /** Relays every event still in an outbox, flushes the ids, then closes the Patient API's store. */
        void close() {
            try {
                EventRelay relay = patients.eventRelay().orElseThrow();
                while (relay.relay(RELAY_BUDGET) > 0) {
                    progress.accept("relaying the last events: " + relayed.get() + " so far");
                }
                synchronized (ids) {
                    ids.flush();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the ids file", e);
            } finally {
                patients.close();
            }
        }
    }

    private static void closeAll(List<AutoCloseable> open) {
        RuntimeException failure = null;
        for (AutoCloseable resource : open) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("A store did not close cleanly", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
