package org.auditedrecords.patientapi.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.auditedrecords.patient.PatientSamples.born;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.auditedrecords.common.errors.DependencyUnavailableException;
import org.auditedrecords.common.mongo.MongoConnections;
import org.auditedrecords.common.mongo.ThrottlingRetry;
import org.auditedrecords.common.mongo.testing.MongoTarget;
import org.auditedrecords.events.EventType;
import org.auditedrecords.events.PendingEvent;
import org.auditedrecords.events.PendingResource;
import org.auditedrecords.idempotency.IdempotencyRecord;
import org.auditedrecords.idempotency.StoredResponse;
import org.auditedrecords.patient.Patient;
import org.auditedrecords.patient.PatientCriteria;
import org.auditedrecords.patient.PatientDetails;
import org.auditedrecords.patient.PatientSamples;
import org.auditedrecords.testresult.TestResult;
import org.auditedrecords.testresult.TestResultSamples;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The patient and test stores over a real MongoDB wire protocol: document shapes, shard-keyed point operations,
 * conditional replacement, search semantics and paging. Runs once per {@link MongoTarget} (embedded always; Docker
 * and {@code MONGODB_URI} when available).
 */
abstract class StoreContract {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final Instant WRITTEN = Instant.parse("2025-06-15T10:00:00.123Z");
    private static final String TRACE = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    MongoClient client;
    MongoDatabase database;
    MongoPatientStore patients;
    MongoTestResultStore tests;
    MongoIdempotencyStore keys;
    MongoOutbox patientOutbox;
    MongoOutbox testOutbox;

    @BeforeEach
    void openStores(MongoTarget target) {
        client = MongoConnections.create(target.connectionString(), "patient-test");
        database = client.getDatabase(target.database() + "_" + DATABASES.incrementAndGet());
        patients = new MongoPatientStore(database, ThrottlingRetry.defaults());
        tests = new MongoTestResultStore(database, ThrottlingRetry.defaults());
        keys = new MongoIdempotencyStore(database, ThrottlingRetry.defaults());
        patientOutbox = new MongoOutbox(database.getCollection(MongoPatientStore.COLLECTION), ThrottlingRetry.defaults(),
                "patient");
        testOutbox = new MongoOutbox(database.getCollection(MongoTestResultStore.COLLECTION), ThrottlingRetry.defaults(),
                "test");
        patients.createIndexes();
        tests.createIndexes();
    }

    @AfterEach
    void dropDatabase() {
        database.drop();
        client.close();
    }

    private static String id(int n) {
        return String.format("00000000-0000-4000-8000-%012d", n);
    }

    private Patient insert(int n, PatientDetails details) {
        Patient patient = new Patient(id(n), details, WRITTEN, 1);
        patients.insert(patient, event(patient));
        return patient;
    }

    private boolean replace(Patient replacement, long expectedVersion) {
        return patients.replace(replacement, expectedVersion, event(replacement));
    }

    private void insertTest(TestResult test) {
        tests.insert(test, event(test));
    }

    private boolean replaceTest(TestResult replacement, long expectedVersion) {
        return tests.replace(replacement, expectedVersion, event(replacement));
    }

    private static PendingEvent event(Patient patient) {
        return new PendingEvent("event-" + patient.id() + "-" + patient.version(),
                patient.version() == 1 ? EventType.PATIENT_CREATED : EventType.PATIENT_UPDATED,
                "patients/" + patient.id(), patient.id(), null, patient.version(), patient.lastUpdated(), TRACE);
    }

    private static PendingEvent event(TestResult test) {
        return new PendingEvent("event-" + test.id() + "-" + test.version(),
                test.version() == 1 ? EventType.TEST_RESULT_RECORDED : EventType.TEST_RESULT_UPDATED,
                "patients/" + test.patientId() + "/tests/" + test.id(), test.patientId(), test.id(), test.version(),
                test.lastUpdated(), TRACE);
    }

    private static List<String> ids(List<PendingResource> pending) {
        return pending.stream().flatMap(r -> r.eventIds().stream()).toList();
    }

    private static PatientDetails bornOn(String dateOfBirth) {
        PatientDetails ada = PatientSamples.ada();
        return new PatientDetails(ada.firstName(), ada.lastName(), ada.fullName(), ada.gender(), born(dateOfBirth),
                ada.postCode(), ada.insuranceNumber(), ada.preferredContactNumber());
    }

    private List<String> search(PatientCriteria criteria) {
        return patients.search(criteria, null, 100).stream().map(p -> p.details().dateOfBirth().text()).toList();
    }

    private static PatientCriteria range(String from, String to) {
        return new PatientCriteria(Map.of(), from == null ? null : born(from), to == null ? null : born(to));
    }

    @Test
    void insert_patient_isStoredAsTheDocumentedShapeAndReadBackEqual() {
        Patient ada = insert(1, PatientSamples.ada());
        Patient alan = insert(2, PatientSamples.alan());

        Document stored = database.getCollection(MongoPatientStore.COLLECTION).find(Filters.eq("_id", id(2))).first();

        assertThat(patients.find(id(1))).contains(ada);
        assertThat(patients.find(id(2))).contains(alan);
        assertThat(stored).isEqualTo(new Document("_id", id(2)).append("patientId", id(2)).append("firstName", "Alan")
                .append("lastName", "Turing").append("gender", "male").append("dateOfBirth", "1912-06")
                .append("dateOfBirthStart", "1912-06-01").append("dateOfBirthEnd", "1912-06-30")
                .append("postCode", "SK9 1AA").append("lastUpdated", Date.from(WRITTEN)).append("version", 1L)
                .append("outbox", List.of(new Document("id", "event-" + id(2) + "-1")
                        .append("type", "org.auditedrecords.PatientCreated").append("subject", "patients/" + id(2))
                        .append("patientId", id(2)).append("version", 1L).append("time", Date.from(WRITTEN))
                        .append("traceparent", TRACE))));
    }

    @Test
    void find_unknownId_isEmpty() {
        insert(1, PatientSamples.ada());

        assertThat(patients.find(id(2))).isEmpty();
    }

    @Test
    void find_documentOutsideItsShardKey_isNotFoundBecauseReadsAddressIdAndPatientId() {
        insert(1, PatientSamples.ada());
        database.getCollection(MongoPatientStore.COLLECTION).updateOne(Filters.eq("_id", id(1)),
                Updates.set("patientId", id(9)));

        assertThat(patients.find(id(1))).isEmpty();
    }

    @Test
    void find_documentWithAFieldTheAppDidNotWrite_isReportedNotHalfRead() {
        insert(1, PatientSamples.ada());
        database.getCollection(MongoPatientStore.COLLECTION).updateOne(Filters.eq("_id", id(1)),
                Updates.set("note", "added by hand"));

        assertThatThrownBy(() -> patients.find(id(1))).isInstanceOf(DependencyUnavailableException.class)
                .hasMessage("A stored patient document has an unexpected field note");
    }

    @Test
    void replace_atTheExpectedVersion_replacesTheWholePatient() {
        insert(1, PatientSamples.ada());
        Patient replacement = new Patient(id(1), PatientSamples.alan(), WRITTEN.plusSeconds(60), 2);

        assertThat(replace(replacement, 1)).isTrue();

        assertThat(patients.find(id(1))).contains(replacement);
        assertThat(database.getCollection(MongoPatientStore.COLLECTION).find(Filters.eq("_id", id(1))).first())
                .doesNotContainKey("insuranceNumber");
    }

    @Test
    void replace_atAnotherVersionOrUnknownId_changesNothing() {
        Patient ada = insert(1, PatientSamples.ada());

        assertThat(replace(new Patient(id(1), PatientSamples.alan(), WRITTEN, 3), 2)).isFalse();
        assertThat(replace(new Patient(id(2), PatientSamples.alan(), WRITTEN, 2), 1)).isFalse();

        assertThat(patients.find(id(1))).contains(ada);
        assertThat(patients.find(id(2))).isEmpty();
    }

    @Test
    void search_eachField_matchesExactlyAndCaseSensitively() {
        insert(1, PatientSamples.ada());
        insert(2, PatientSamples.alan());
        Map<String, String> adaFields = Map.of("id", id(1), "firstName", "Ada", "lastName", "Lovelace",
                "fullName", "Augusta Ada King", "gender", "female", "dateOfBirth", "1815-12-10", "postCode", "W1 2AB",
                "insuranceNumber", "INS-1815", "preferredContactNumber", "+44 20 7946 0000");

        adaFields.forEach((field, value) -> {
            assertThat(patients.search(new PatientCriteria(Map.of(field, value), null, null), null, 10))
                    .as(field).extracting(Patient::id).containsExactly(id(1));
            assertThat(patients.search(new PatientCriteria(Map.of(field, value.toUpperCase() + "x"), null, null), null, 10))
                    .as(field + " not exact").isEmpty();
        });
        assertThat(patients.search(new PatientCriteria(Map.of("gender", "female", "lastName", "Turing"), null, null),
                null, 10)).isEmpty();
        assertThat(patients.search(new PatientCriteria(Map.of("dateOfBirth", "1912"), null, null), null, 10)).isEmpty();
    }

    @Test
    void search_dateOfBirthRange_matchesEveryPatientWhosePeriodOverlapsIt() {
        String[] births = {"1979-12-31", "1980", "1980-06", "1980-06-15", "1981-01-01"};
        for (int i = 0; i < births.length; i++) {
            insert(i + 1, bornOn(births[i]));
        }

        assertThat(search(range("1980-06-15", "1980-06-15"))).containsExactly("1980", "1980-06", "1980-06-15");
        assertThat(search(range("1980-07", null))).containsExactly("1980", "1981-01-01");
        assertThat(search(range(null, "1979-12-31"))).containsExactly("1979-12-31");
        assertThat(search(range("1981", null))).containsExactly("1981-01-01");
        assertThat(search(range("1980-01", "1980-12"))).containsExactly("1980", "1980-06", "1980-06-15");
        assertThat(search(range("1979", "1981"))).containsExactly(births);
        assertThat(search(range("1982", "1990"))).isEmpty();
    }

    @Test
    void search_pages_inIdOrderAfterTheCursorWithoutGapsOrRepeats() {
        for (int n : new int[] {5, 3, 1, 4, 2}) {
            insert(n, PatientSamples.ada());
        }
        PatientCriteria all = new PatientCriteria(Map.of(), null, null);

        List<String> seen = new ArrayList<>();
        String after = null;
        List<Patient> page;
        do {
            page = patients.search(all, after, 2);
            page.forEach(p -> seen.add(p.id()));
            after = page.isEmpty() ? after : page.get(page.size() - 1).id();
        } while (page.size() == 2);

        assertThat(seen).containsExactly(id(1), id(2), id(3), id(4), id(5));
    }

    @Test
    void createIndexes_indexesEverySearchableFieldThePeriodBoundsAndTheShardKey() {
        assertThat(indexedKeys(MongoPatientStore.COLLECTION)).contains(List.of("patientId"), List.of("firstName"),
                List.of("lastName"), List.of("fullName"), List.of("gender"), List.of("dateOfBirth"),
                List.of("dateOfBirthStart"), List.of("dateOfBirthEnd"), List.of("postCode"), List.of("insuranceNumber"),
                List.of("preferredContactNumber"));
        assertThat(indexedKeys(MongoTestResultStore.COLLECTION)).contains(List.of("patientId"));
    }

    @Test
    void createIndexes_again_changesNothing() {
        List<List<String>> before = indexedKeys(MongoPatientStore.COLLECTION);

        patients.createIndexes();
        tests.createIndexes();

        assertThat(indexedKeys(MongoPatientStore.COLLECTION)).containsExactlyInAnyOrderElementsOf(before);
    }

    private List<List<String>> indexedKeys(String collection) {
        return database.getCollection(collection).listIndexes()
                .map(index -> List.copyOf(index.get("key", Document.class).keySet())).into(new ArrayList<>());
    }

    @Test
    void insert_test_isStoredAsTheDocumentedShapeAndReadBackEqualWithObservationsInOrder() {
        TestResult test = new TestResult(id(11), id(1), TestResultSamples.glucose(), WRITTEN, 1);

        insertTest(test);

        assertThat(tests.find(id(1), id(11))).contains(test);
        Document stored = database.getCollection(MongoTestResultStore.COLLECTION).find().first();
        assertThat(stored.keySet()).containsExactly("_id", "patientId", "performer", "orderReference", "observations",
                "lastUpdated", "version", "outbox");
        assertThat(stored.getList("observations", Document.class)).extracting(o -> o.getString("id"))
                .containsExactly("obs-1", "obs-2");
    }

    @Test
    void find_testOfAnotherPatient_isEmpty() {
        insertTest(new TestResult(id(11), id(1), TestResultSamples.haemoglobin(), WRITTEN, 1));

        assertThat(tests.find(id(2), id(11))).isEmpty();
    }

    @Test
    void list_patientsTests_areOnlyTheirsInIdOrder() {
        insertTest(new TestResult(id(13), id(1), TestResultSamples.haemoglobin(), WRITTEN, 1));
        insertTest(new TestResult(id(11), id(1), TestResultSamples.glucose(), WRITTEN, 1));
        insertTest(new TestResult(id(12), id(2), TestResultSamples.haemoglobin(), WRITTEN, 1));

        assertThat(tests.list(id(1), null, 10)).extracting(TestResult::id).containsExactly(id(11), id(13));
        assertThat(tests.list(id(3), null, 10)).isEmpty();
    }

    @Test
    void list_pageAfterAnId_isTheNextLimitTestsOfThatPatientOnly() {
        for (int i = 11; i <= 15; i++) {
            insertTest(new TestResult(id(i), id(1), TestResultSamples.haemoglobin(), WRITTEN, 1));
        }
        insertTest(new TestResult(id(16), id(2), TestResultSamples.haemoglobin(), WRITTEN, 1));

        assertThat(tests.list(id(1), null, 2)).extracting(TestResult::id).containsExactly(id(11), id(12));
        assertThat(tests.list(id(1), id(12), 2)).extracting(TestResult::id).containsExactly(id(13), id(14));
        assertThat(tests.list(id(1), id(14), 2)).extracting(TestResult::id).containsExactly(id(15));
        assertThat(tests.list(id(2), id(11), 5)).extracting(TestResult::id).containsExactly(id(16));
    }

    @Test
    void replace_test_onlyAtTheExpectedVersionOfThatPatientsTest() {
        TestResult original = new TestResult(id(11), id(1), TestResultSamples.haemoglobin(), WRITTEN, 1);
        insertTest(original);
        TestResult replacement = new TestResult(id(11), id(1), TestResultSamples.glucose(), WRITTEN.plusSeconds(1), 2);

        assertThat(replaceTest(new TestResult(id(11), id(2), TestResultSamples.glucose(), WRITTEN, 2), 1)).isFalse();
        assertThat(replaceTest(replacement, 2)).isFalse();
        assertThat(tests.find(id(1), id(11))).contains(original);
        assertThat(replaceTest(replacement, 1)).isTrue();
        assertThat(tests.find(id(1), id(11))).contains(replacement);
    }

    @Test
    void pending_afterInsertsAndAnUpdate_listsEachResourceWithItsEventsInWriteOrder() {
        Patient ada = insert(1, PatientSamples.ada());
        insert(2, PatientSamples.alan());
        Patient updated = new Patient(id(1), PatientSamples.alan(), WRITTEN.plusSeconds(1), 2);
        replace(updated, 1);

        List<PendingResource> pending = patientOutbox.pending(10);

        assertThat(pending).extracting(PendingResource::resourceId).containsExactlyInAnyOrder(id(1), id(2));
        assertThat(pending.stream().filter(r -> r.resourceId().equals(id(1))).findFirst().orElseThrow().events())
                .containsExactly(event(ada), event(updated));
    }

    @Test
    void replace_atAStaleVersion_addsNoEvent() {
        Patient ada = insert(1, PatientSamples.ada());
        Patient stale = new Patient(id(1), PatientSamples.alan(), WRITTEN, 3);

        assertThat(replace(stale, 2)).isFalse();

        assertThat(patientOutbox.pending(10)).singleElement().extracting(PendingResource::events).asList()
                .containsExactly(event(ada));
    }

    @Test
    void clear_removesOnlyTheRelayedEvents_soAnEventWrittenMeanwhileStays() {
        insert(1, PatientSamples.ada());
        PendingResource relayed = patientOutbox.pending(10).get(0);
        Patient updated = new Patient(id(1), PatientSamples.alan(), WRITTEN.plusSeconds(1), 2);
        replace(updated, 1);

        patientOutbox.clear(relayed, relayed.eventIds());

        assertThat(ids(patientOutbox.pending(10))).containsExactly(event(updated).id());
        assertThat(patients.find(id(1))).contains(updated);
    }

    @Test
    void clear_everyEvent_leavesTheResourceOutOfPendingAndItsVersionAlone() {
        Patient ada = insert(1, PatientSamples.ada());
        PendingResource relayed = patientOutbox.pending(10).get(0);

        patientOutbox.clear(relayed, relayed.eventIds());
        patientOutbox.clear(relayed, relayed.eventIds());

        assertThat(patientOutbox.pending(10)).isEmpty();
        assertThat(patients.find(id(1))).contains(ada);
        Patient next = new Patient(id(1), PatientSamples.alan(), WRITTEN, 2);
        assertThat(replace(next, 1)).isTrue();
    }

    @Test
    void pending_isBoundedByTheLimit() {
        for (int n = 1; n <= 5; n++) {
            insert(n, PatientSamples.ada());
        }

        assertThat(patientOutbox.pending(3)).hasSize(3);
    }

    @Test
    void pending_tests_carryTheirPatientAsShardKeyAndClearByIt() {
        TestResult test = new TestResult(id(11), id(1), TestResultSamples.glucose(), WRITTEN, 1);
        insertTest(test);

        PendingResource pending = testOutbox.pending(10).get(0);
        testOutbox.clear(pending, pending.eventIds());

        assertThat(pending).isEqualTo(new PendingResource(id(1), id(11), List.of(event(test))));
        assertThat(testOutbox.pending(10)).isEmpty();
    }

    @Test
    void createIndexes_indexesTheOutboxEventIdsForTheRelay() {
        assertThat(indexedKeys(MongoPatientStore.COLLECTION)).contains(List.of("outbox.id"));
        assertThat(indexedKeys(MongoTestResultStore.COLLECTION)).contains(List.of("outbox.id"));
    }

    private static IdempotencyRecord pendingKey(String scope, String key) {
        return new IdempotencyRecord(scope, key, "fingerprint-1", id(1), null, null, WRITTEN,
                WRITTEN.plusSeconds(120), WRITTEN.plusSeconds(86_400));
    }

    @Test
    void claim_sameScopeAndKeyTwice_storesOnlyTheFirstAndReadsItBackEqual() {
        IdempotencyRecord first = pendingKey("integrator-1", "key-1");

        assertThat(keys.claim(first)).isTrue();
        assertThat(keys.claim(pendingKey("integrator-1", "key-1"))).isFalse();
        assertThat(keys.claim(pendingKey("integrator-2", "key-1"))).isTrue();

        assertThat(keys.find("integrator-1", "key-1")).contains(first);
        assertThat(keys.find("integrator-1", "key-2")).isEmpty();
    }

    @Test
    void replace_onlyTheRecordExactlyAsRead_andKeepsTheWholeAnswer() {
        IdempotencyRecord pending = pendingKey("integrator-1", "key-1");
        keys.claim(pending);
        StoredResponse answer = new StoredResponse(201, "{\"id\":\"" + id(1) + "\"}",
                Map.of("Location", "patient/" + id(1), "ETag", "\"1\"", "Content-Type", "application/json"));
        IdempotencyRecord completed = new IdempotencyRecord("integrator-1", "key-1", "fingerprint-1", id(1), answer,
                "attempt-1", WRITTEN, WRITTEN.plusSeconds(120), WRITTEN.plusSeconds(86_400));

        assertThat(keys.replace(pending, completed)).isTrue();
        assertThat(keys.replace(pending, completed)).isFalse();

        assertThat(keys.find("integrator-1", "key-1")).contains(completed);
    }

    @Test
    void release_removesThePendingClaimButNotACompletedOne() {
        IdempotencyRecord pending = pendingKey("integrator-1", "key-1");
        keys.claim(pending);
        keys.release(pending);
        assertThat(keys.find("integrator-1", "key-1")).isEmpty();

        keys.claim(pending);
        IdempotencyRecord completed = new IdempotencyRecord("integrator-1", "key-1", "fingerprint-1", id(1),
                new StoredResponse(201, "{}", Map.of()), null, WRITTEN, WRITTEN.plusSeconds(120),
                WRITTEN.plusSeconds(86_400));
        keys.replace(pending, completed);
        keys.release(pending);

        assertThat(keys.find("integrator-1", "key-1")).contains(completed);
    }

    @Test
    void claim_storesNeitherTheRawScopeNorTheKeyAsTheDocumentId() {
        keys.claim(pendingKey("integrator-1", "key-1"));

        Document stored = database.getCollection(MongoIdempotencyStore.COLLECTION).find().first();
        assertThat(stored.getString("_id")).hasSize(64).doesNotContain("integrator-1").doesNotContain("key-1");
    }
}
