package org.auditedrecords.patientapi.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.auditedrecords.patientapi.functions.FunctionCalls.context;
import static org.auditedrecords.patientapi.functions.FunctionCalls.json;
import static org.auditedrecords.patientapi.functions.FunctionCalls.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import java.util.Map;
import org.auditedrecords.audittrail.AuditEntry;
import org.auditedrecords.audittrail.AuditOutcome;
import org.auditedrecords.audittrail.FakeAuditTrail;
import org.auditedrecords.idempotency.FakeIdempotencyStore;
import org.auditedrecords.patient.FakePatientStore;
import org.auditedrecords.patient.PatientSamples;
import org.auditedrecords.patientapi.PatientApp;
import org.auditedrecords.testresult.FakeTestResultStore;
import org.auditedrecords.testresult.TestResultSamples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The test result functions as the Functions worker invokes them, on fake ports: status, headers and body. */
class TestResultFunctionsTest {
    private static final String PATIENT = "5b0c2f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a";
    private static final String TEST = "9b2e1f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a";
    private static final String BODY = TestResultSamples.BODY.replace('\'', '"');

    private final FakePatientStore patients = new FakePatientStore();
    private final FakeTestResultStore tests = new FakeTestResultStore();
    private final FakeAuditTrail trail = new FakeAuditTrail();
    private final TestResultFunctions functions =
            new TestResultFunctions(() -> PatientApp.of(patients, tests, new FakeIdempotencyStore(), trail,
                    FunctionCalls.CALLERS, PatientSamples.CLOCK));

    @BeforeEach
    void storePatient() {
        patients.put(PatientSamples.stored(PATIENT, PatientSamples.ada(), 1));
    }

    @Test
    void create_validBody_returns201WithLocationETagAndTheStoredTest() {
        HttpResponseMessage response = functions.create(request(HttpMethod.POST, BODY), PATIENT, context());

        assertThat(response.getStatusCode()).isEqualTo(201);
        JsonNode body = json(response);
        String id = body.get("id").asText();
        assertThat(response.getHeader("Location")).isEqualTo("/api/patient/" + PATIENT + "/tests/" + id);
        assertThat(response.getHeader("ETag")).isEqualTo("\"1\"");
        ObjectNode expected = (ObjectNode) json(BODY);
        expected.put("id", id).put("patientId", PATIENT).put("lastUpdated", "2025-06-15T10:00:00.123Z");
        assertThat(body).isEqualTo(expected);
        assertThat(tests.stored(id)).isPresent();
    }

    @Test
    void create_malformedPatientId_returns400WithoutAuditing() {
        HttpResponseMessage response = functions.create(request(HttpMethod.POST, BODY), "patient-1", context());

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
        assertThat(json(response).get("errors").get("patientId").get(0).asText())
                .isEqualTo("must be a lower-case UUID naming an existing patient");
        assertThat(trail.entries()).isEmpty();
    }

    @Test
    void create_unknownPatient_returns404AfterAuditingTheAttemptAndItsFailure() {
        HttpResponseMessage response = functions.create(request(HttpMethod.POST, BODY),
                "00000000-0000-4000-8000-000000000000", context());

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(json(response).get("detail").asText()).isEqualTo("No patient has this id.");
        assertThat(trail.entries()).extracting(AuditEntry::outcome)
                .containsExactly(AuditOutcome.ATTEMPTED, AuditOutcome.FAILED);
        assertThat(tests.size()).isZero();
    }

    @Test
    void list_patientWithTests_returnsThemAsAnArrayWithoutETag() {
        tests.put(TestResultSamples.stored(TEST, PATIENT, TestResultSamples.haemoglobin(), 1));

        HttpResponseMessage response = functions.list(request(HttpMethod.GET, null), PATIENT, context());

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeader("ETag")).isNull();
        assertThat(json(response)).hasSize(1);
        assertThat(json(response).get(0).get("observations").get(0).get("code").asText()).isEqualTo("718-7");
    }

    @Test
    void list_morePagesThanLimit_returnsPagesWithContinuationTokensBoundToThePatient() {
        for (String id : new String[] {"0a000000-0000-4000-8000-000000000001", "0a000000-0000-4000-8000-000000000002",
                "0a000000-0000-4000-8000-000000000003"}) {
            tests.put(TestResultSamples.stored(id, PATIENT, TestResultSamples.haemoglobin(), 1));
        }

        HttpResponseMessage first = list(PATIENT, Map.of("limit", "2"));
        String token = first.getHeader("x-continuation-token");
        HttpResponseMessage second = list(PATIENT, Map.of("limit", "2", "continuationToken", token));
        HttpResponseMessage otherPatient = list(TEST, Map.of("continuationToken", token));
        HttpResponseMessage tooLarge = list(PATIENT, Map.of("limit", "101"));
        HttpResponseMessage forged = list(PATIENT, Map.of("continuationToken", "eyJpIjoiLi4vIn0"));

        assertThat(json(first)).extracting(t -> t.get("id").asText())
                .containsExactly("0a000000-0000-4000-8000-000000000001", "0a000000-0000-4000-8000-000000000002");
        assertThat(token).isNotBlank();
        assertThat(json(second)).extracting(t -> t.get("id").asText()).containsExactly("0a000000-0000-4000-8000-000000000003");
        assertThat(second.getHeader("x-continuation-token")).isNull();
        for (HttpResponseMessage refused : new HttpResponseMessage[] {otherPatient, tooLarge, forged}) {
            assertThat(refused.getStatusCode()).isEqualTo(400);
            assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
        }
        assertThat(json(otherPatient).get("errors").has("continuationToken")).isTrue();
        assertThat(json(tooLarge).get("errors").get("limit").get(0).asText()).isEqualTo("must be a whole number from 1 to 100");
    }

    @Test
    void list_withoutLimit_returnsTheDefaultPageOfTwenty() {
        for (int i = 0; i < 21; i++) {
            tests.put(TestResultSamples.stored(String.format("0a000000-0000-4000-8000-%012d", i), PATIENT,
                    TestResultSamples.haemoglobin(), 1));
        }

        HttpResponseMessage response = list(PATIENT, Map.of());

        assertThat(json(response)).hasSize(20);
        assertThat(response.getHeader("x-continuation-token")).isNotBlank();
    }

    private HttpResponseMessage list(String patientId, Map<String, String> query) {
        return functions.list(request(HttpMethod.GET, null, Map.of(), query), patientId, context());
    }

    @Test
    void list_patientWithoutTests_returnsAnEmptyArray() {
        HttpResponseMessage response = functions.list(request(HttpMethod.GET, null), PATIENT, context());

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo("[]");
    }

    @Test
    void list_unknownPatient_returns404() {
        HttpResponseMessage response = functions.list(request(HttpMethod.GET, null), TEST, context());

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    }

    @Test
    void load_existing_returns200WithETagAndUnknown404() {
        tests.put(TestResultSamples.stored(TEST, PATIENT, TestResultSamples.haemoglobin(), 5));

        HttpResponseMessage found = functions.load(request(HttpMethod.GET, null), PATIENT, TEST, context());
        HttpResponseMessage missing = functions.load(request(HttpMethod.GET, null), PATIENT, PATIENT, context());

        assertThat(found.getStatusCode()).isEqualTo(200);
        assertThat(found.getHeader("ETag")).isEqualTo("\"5\"");
        assertThat(json(found).get("performer").asText()).isEqualTo("Lab One");
        assertThat(missing.getStatusCode()).isEqualTo(404);
    }

    @Test
    void update_matchingIfMatch_returns200WithTheNextETagAndStaleGets412() {
        tests.put(TestResultSamples.stored(TEST, PATIENT, TestResultSamples.haemoglobin(), 1));
        String changed = BODY.replace("Lab One", "Lab Three");

        HttpResponseMessage updated = functions.update(request(HttpMethod.PUT, changed, "If-Match", "\"1\""),
                PATIENT, TEST, context());
        HttpResponseMessage stale = functions.update(request(HttpMethod.PUT, BODY, "If-Match", "\"1\""),
                PATIENT, TEST, context());

        assertThat(updated.getStatusCode()).isEqualTo(200);
        assertThat(updated.getHeader("ETag")).isEqualTo("\"2\"");
        assertThat(json(updated).get("performer").asText()).isEqualTo("Lab Three");
        assertThat(stale.getStatusCode()).isEqualTo(412);
        assertThat(tests.stored(TEST).orElseThrow().details().performer()).isEqualTo("Lab Three");
    }
}
