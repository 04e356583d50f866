package org.auditedrecords.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.io.Writer;
import java.net.URI;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.auditedrecords.audit.AuditQueryParser;
import org.auditedrecords.audit.AuditRecord;
import org.auditedrecords.audit.FullVerification;
import org.auditedrecords.audit.store.MongoAuditLedger;
import org.auditedrecords.auditapi.AuditApp;
import org.auditedrecords.common.json.Json;
import org.auditedrecords.common.mongo.EmbeddedMongo;
import org.auditedrecords.common.mongo.MongoConnections;
import org.auditedrecords.common.mongo.ThrottlingRetry;
import org.auditedrecords.common.secrets.LocalVault;
import org.auditedrecords.local.StackClient.Reply;
import org.auditedrecords.local.seed.SeedPlan;
import org.auditedrecords.local.seed.SeedResult;
import org.auditedrecords.local.seed.StackSeeder;
import org.auditedrecords.patientapi.store.MongoPatientStore;
import org.auditedrecords.patientapi.store.MongoTestResultStore;
import org.auditedrecords.patientapi.store.PatientDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeder writes what the apps would have written: read back through the Patient API's store adapters and the
 * register's own full verification, then served by a stack started on the same data. Tampering with one seeded
 * record afterwards shows that these checks fail when a leaf is missing; a stack running on the data keeps the
 * seeder out.
 */
class StackSeederTest {
    private static final int PATIENTS = 350;
    /** The seeder's mix gives 3 of every 7 patients one test. */
    private static final int TESTS = PATIENTS * 3 / 7;
    private static final long AUDIT_RECORDS = 2_000;
    private final ObjectMapper mapper = Json.newMapper();
    private final List<String> log = new ArrayList<>();

    @Test
    void seed_smallPlan_storesPatientsTestsAndAnIntactRegisterThatTheStackServes(@TempDir Path data) throws Exception {
        StackSettings settings = StackSettings.ephemeral(data);
        Path idsFile = data.resolve("ids");

        SeedResult result = seed(settings, idsFile, new SeedPlan(PATIENTS, AUDIT_RECORDS, Duration.ofMinutes(5), 4));

        assertThat(result.patients()).isEqualTo(PATIENTS);
        assertThat(result.tests()).isEqualTo(TESTS);
        assertThat(result.auditRecords()).isGreaterThanOrEqualTo(AUDIT_RECORDS);
        assertThat(result.complete()).isTrue();
        // Every create and update put one event in its document's outbox, and the relay took each one out.
        assertThat(result.eventsRelayed()).isEqualTo(PATIENTS + TESTS + (PATIENTS + 3) / 4);
        Ids ids = Ids.read(idsFile);
        assertThat(ids.patients()).hasSize(PATIENTS).doesNotHaveDuplicates();
        assertThat(ids.tests()).hasSize(TESTS);
        assertThat(ids.patients()).containsAll(ids.tests().keySet());

        try (EmbeddedMongo store = Stack.openStore(settings, Stack.PATIENT_STORE, 0);
             PatientDatabase database = PatientDatabase.open(store.connectionString(), Stack.PATIENT_DATABASE,
                     ThrottlingRetry.defaults());
             MongoClient client = MongoConnections.create(store.connectionString(), "test")) {
            MongoDatabase patients = client.getDatabase(Stack.PATIENT_DATABASE);
            assertThat(patients.getCollection(MongoPatientStore.COLLECTION).countDocuments()).isEqualTo(PATIENTS);
            assertThat(patients.getCollection(MongoTestResultStore.COLLECTION).countDocuments()).isEqualTo(TESTS);
            for (String id : ids.patients()) {
                assertThat(database.patients().find(id)).as("patient %s", id).isPresent();
                String testId = ids.tests().get(id);
                assertThat(database.tests().list(id, null, 10)).extracting(t -> t.id())
                        .as("tests of %s", id).isEqualTo(testId == null ? List.of() : List.of(testId));
            }
            assertThat(database.outboxes()).allSatisfy(outbox -> assertThat(outbox.pending(10)).isEmpty());
        }

        String withTest = ids.tests().keySet().iterator().next();
        Stack stack = Stack.start(settings, log::add);
        try (StackClient client = new StackClient()) {
            URI gateway = stack.gatewayUri();
            Reply verify = client.send("GET", gateway.resolve("/audit/auditrecords/verify"),
                    Map.of("Ocp-Apim-Subscription-Key", stack.complianceKey()), null);
            Reply patient = client.send("GET", gateway.resolve("/patient/" + withTest),
                    Map.of("Ocp-Apim-Subscription-Key", stack.integratorKey()), null);
            Reply test = client.send("GET", gateway.resolve("/patient/" + withTest + "/tests/" + ids.tests().get(withTest)),
                    Map.of("Ocp-Apim-Subscription-Key", stack.integratorKey()), null);

            assertThat(verify.status()).isEqualTo(200);
            assertThat(verify.header("Content-Type")).startsWith("application/json");
            JsonNode report = mapper.readTree(verify.body());
            assertThat(report.path("intact").asBoolean(false)).as(verify.body()).isTrue();
            assertThat(report.path("complete").asBoolean(false)).as(verify.body()).isTrue();
            assertThat(report.path("records").asLong()).isEqualTo(result.auditRecords());
            // Sealed when the seeder returned: every log's records are under a checkpoint the witness holds too.
            assertThat(report.path("logs")).isNotEmpty().allSatisfy(l -> {
                assertThat(l.path("unsealed").asLong(-1)).as(l.toString()).isZero();
                assertThat(l.path("witnessedSize").asLong()).as(l.toString()).isEqualTo(l.path("records").asLong());
            });
            assertThat(patient.status()).isEqualTo(200);
            assertThat(patient.header("ETag")).isNotBlank();
            assertThat(mapper.readTree(patient.body()).path("id").asText()).isEqualTo(withTest);
            assertThat(test.status()).isEqualTo(200);
            assertThat(mapper.readTree(test.body()).path("patientId").asText()).isEqualTo(withTest);
        } finally {
            stack.close();
        }

        try (EmbeddedMongo store = Stack.openStore(settings, Stack.AUDIT_STORE, 0)) {
            pointVaultAt(settings, store);
            try (AuditApp audit = AuditApp.create(Stack.auditEnv(settings))) {
                FullVerification full = audit.register().verifyAll();
                assertThat(full.status()).isEqualTo(FullVerification.FINISHED);
                assertThat(full.broken()).isEmpty();
                assertThat(full.intact()).isTrue();
                // The stack's own three: the verification, the patient read and the test read.
                assertThat(full.records()).isEqualTo(result.auditRecords() + 3);

                List<AuditRecord> trail = audit.register().query(
                        AuditQueryParser.parse(Map.of("patientId", withTest)), 100).records();
                assertThat(trail).extracting(r -> r.entry().resource().type() + " " + r.entry().action() + " "
                                + r.entry().outcome())
                        .contains("patient create attempted", "patient read success", "test create attempted",
                                "test read success");
                assertThat(trail).allSatisfy(r -> assertThat(r.entry().actor().clientId())
                        .isEqualTo(Stack.INTEGRATOR_SUBSCRIPTION));
            }
        }
    }

    @Test
    void seed_thenOneSeededRecordDeleted_fullVerificationReportsItsLogBroken(@TempDir Path data) throws Exception {
        StackSettings settings = StackSettings.ephemeral(data);
        SeedResult result = seed(settings, data.resolve("ids"), new SeedPlan(70, 300, Duration.ofMinutes(5), 2));

        try (EmbeddedMongo store = Stack.openStore(settings, Stack.AUDIT_STORE, 0);
             MongoClient client = MongoConnections.create(store.connectionString(), "attacker")) {
            var records = client.getDatabase(Stack.AUDIT_DATABASE).getCollection(MongoAuditLedger.RECORDS);
            String log = records.find().first().getString("log");
            assertThat(records.deleteOne(Filters.and(Filters.eq("log", log), Filters.eq("idx", 3L))).getDeletedCount())
                    .isEqualTo(1);
            pointVaultAt(settings, store);
            try (AuditApp audit = AuditApp.create(Stack.auditEnv(settings))) {
                FullVerification full = audit.register().verifyAll();

                assertThat(full.intact()).isFalse();
                assertThat(full.broken()).extracting(b -> b.log()).containsExactly(log);
                assertThat(full.records()).isLessThan(result.auditRecords());
            }
        }
    }

    @Test
    void seed_whileTheStackRunsOnTheData_failsAndWritesNothing(@TempDir Path data) throws Exception {
        StackSettings settings = StackSettings.ephemeral(data);
        Path idsFile = data.resolve("ids");
        Stack stack = Stack.start(settings, log::add);
        try {
            assertThatThrownBy(() -> seed(settings, idsFile, new SeedPlan(10, 40, Duration.ofMinutes(1), 1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("stop the stack first")
                    .hasRootCauseInstanceOf(OverlappingFileLockException.class);

            try (StackClient client = new StackClient()) {
                Reply search = client.send("POST", stack.gatewayUri().resolve("/patient/search"),
                        Map.of("Ocp-Apim-Subscription-Key", stack.integratorKey(), "Content-Type", "application/json"), "{}");
                assertThat(search.status()).isEqualTo(200);
                assertThat(mapper.readTree(search.body())).isEmpty();
            }
        } finally {
            stack.close();
        }
        assertThat(Files.readAllLines(idsFile)).isEmpty();
    }

    private SeedResult seed(StackSettings settings, Path idsFile, SeedPlan plan) throws Exception {
        try (Writer ids = Files.newBufferedWriter(idsFile, StandardCharsets.UTF_8)) {
            return new StackSeeder(settings, Clock.systemUTC(), log::add).seed(plan, ids);
        }
    }

    /** Points the vault's audit connection string at this test's store, as the stack and the seeder do at start. */
    private static void pointVaultAt(StackSettings settings, EmbeddedMongo auditStore) {
        Stack.bootstrapSecrets(settings, new LocalVault(settings.vaultDir(), Clock.systemUTC()),
                "mongodb://127.0.0.1:1/", auditStore.connectionString());
    }

    /** The ids file as {@code bench/scenario.lua} reads it. */
    private record Ids(List<String> patients, Map<String, String> tests) {
        static Ids read(Path file) throws Exception {
            List<String> lines = Files.readAllLines(file);
            List<String> patients = lines.stream().filter(l -> l.startsWith("P ")).map(l -> l.substring(2)).toList();
            Map<String, String> tests = lines.stream().filter(l -> l.startsWith("T ")).map(l -> l.split(" "))
                    .collect(Collectors.toMap(p -> p[1], p -> p[2]));
            return new Ids(patients, tests);
        }
    }
}
