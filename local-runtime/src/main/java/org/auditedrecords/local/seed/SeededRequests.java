package org.auditedrecords.local.seed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.auditedrecords.audittrail.Caller;
import org.auditedrecords.common.errors.NotFoundException;
import org.auditedrecords.common.trace.TraceParent;
import org.auditedrecords.local.Stack;
import org.auditedrecords.patient.IfMatch;
import org.auditedrecords.patient.Ids;
import org.auditedrecords.patient.Patient;
import org.auditedrecords.patientapi.PatientApp;
import org.auditedrecords.testresult.TestResultInput;

/**
 * The requests the seeder makes, as integrators and compliance staff make them through the gateway, but handed
 * straight to the apps' services: bodies shaped as {@code bench/scenario.lua}'s, validated by the Patient API's own
 * input rules, each request its own caller (a new trace and gateway request id) of the stack's integrator
 * subscription, and every audit entry decided by the services' own audit rules.
 *
 * <p>No compliance queries: their {@code audit-search} entries are the register's own, and a patient's audit query is
 * a scan of the register in the embedded store today (its {@code $or} of {@code patientId} and
 * {@code returnedPatientIds} is served by no index there), so seeding them would cost what the data grows to.
 */
final class SeededRequests {
    /** The scenario's last names and genders, so its searches find seeded patients as they find created ones. */
    private static final String[] LAST_NAMES = {"Okafor", "Smith", "Nguyen", "Garcia", "Kowalski", "Haddad", "Tanaka",
        "Silva", "Muller", "Jones", "Ivanova", "Brown", "Rossi", "Dubois", "Kim", "Patel", "Cohen", "Larsen", "Novak", "Walsh"};
    private static final String[] GENDERS = {"female", "male", "other", "unknown"};
    private static final String TEST_BODY = "{\"performer\":\"Lab 1\",\"orderReference\":\"ORD-1\",\"observations\":[{"
            + "\"id\":\"o1\",\"code\":\"718-7\",\"measurement\":\"13.5 g/dL\",\"interpretation\":\"normal\","
            + "\"issued\":\"2026-01-01T10:00:00Z\",\"status\":\"final\"}]}";
    private static final int SEARCH_LIMIT = 20;
    private static final String CLIENT_ADDRESS = "127.0.0.1";

    private final PatientApp app;
    private final ObjectMapper mapper;

    SeededRequests(PatientApp app, ObjectMapper mapper) {
        this.app = app;
        this.mapper = mapper;
    }

    /** A seeded patient, and its test when it got one (else null). */
    record Seeded(String patientId, String testId) {
    }

    /**
     * Creates one patient and gives it a history, picked by {@code n} (its place in the run) so that the mix is exact
     * however many are seeded: it is read once; 3 of every 7 get a test result, which is then listed and read (the
     * scenario's 3 tests per 7 patients); 1 in 4 is updated; 1 in 5 is followed by a search by last name, whose entry
     * names the 20 patients it returned; 1 in 50 by a read of an id nobody has. So a patient has 3.76 audit entries on
     * average.
     */
    Seeded patient(int n) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        ObjectNode body = json(String.format("{\"firstName\":\"Amelia\",\"lastName\":\"%s\",\"gender\":\"%s\","
                        + "\"dateOfBirth\":\"%d-%02d-%02d\",\"postCode\":\"SW1A %dAA\"}", pick(LAST_NAMES, random),
                pick(GENDERS, random), 1931 + random.nextInt(90), 1 + random.nextInt(12), 1 + random.nextInt(28),
                1 + random.nextInt(9)));
        String id = app.patients().create(app.patientInput().forCreate(body), integrator()).id();
        Patient read = app.patients().load(id, integrator());
        String testId = null;
        if (n % 7 < 3) {
            testId = app.testResults().create(id, TestResultInput.forCreate(json(TEST_BODY), id), integrator()).id();
            app.testResults().list(id, null, SEARCH_LIMIT, integrator());
            app.testResults().load(id, testId, integrator());
        }
        if (n % 4 == 0) {
            body.put("postCode", "SW1A " + (1 + random.nextInt(9)) + "BB");
            app.patients().update(id, app.patientInput().forUpdate(body, id), IfMatch.none(), integrator());
        }
        if (n % 5 == 0) {
            search(read.details().lastName());
        }
        if (n % 50 == 0) {
            readUnknown();
        }
        return new Seeded(id, testId);
    }

    /**
     * One read of a seeded patient, as the mixed scenario reads: half load the patient, and of the rest, when it has a
     * test, half list its tests and half load one; 1 in 10 reads is a search by last name instead.
     */
    void read(Seeded patient) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int r = random.nextInt(10);
        if (r == 0) {
            search(pick(LAST_NAMES, random));
        } else if (r < 5 || patient.testId() == null) {
            app.patients().load(patient.patientId(), integrator());
        } else if (r < 8) {
            app.testResults().list(patient.patientId(), null, SEARCH_LIMIT, integrator());
        } else {
            app.testResults().load(patient.patientId(), patient.testId(), integrator());
        }
    }

    private void search(String lastName) {
        ObjectNode criteria = mapper.createObjectNode().put("lastName", lastName);
        app.patients().search(app.patientInput().forSearch(criteria), null, SEARCH_LIMIT, integrator());
    }

    private void readUnknown() {
        try {
            app.patients().load(Ids.newId(), integrator());
            throw new IllegalStateException("A patient was found under a new random id");
        } catch (NotFoundException expected) {
            // audited as notFound, which is what this read is for
        }
    }

    /** A request of its own, as the gateway asserts it: the subscription, the client address, a new request id. */
    private static Caller integrator() {
        return new Caller(Stack.INTEGRATOR_SUBSCRIPTION, CLIENT_ADDRESS, UUID.randomUUID().toString(), TraceParent.newRoot());
    }

    private ObjectNode json(String text) {
        try {
            return (ObjectNode) mapper.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("The seeder's own bodies are JSON", e);
        }
    }

    private static String pick(String[] values, ThreadLocalRandom random) {
        return values[random.nextInt(values.length)];
    }
}
