package org.auditedrecords.patientapi.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.auditedrecords.patientapi.functions.FunctionCalls.TRACE_ID;
import static org.auditedrecords.patientapi.functions.FunctionCalls.context;
import static org.auditedrecords.patientapi.functions.FunctionCalls.json;
import static org.auditedrecords.patientapi.functions.FunctionCalls.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import java.util.Map;
import org.auditedrecords.audittrail.AuditAction;
import org.auditedrecords.audittrail.AuditEntry;
import org.auditedrecords.audittrail.AuditOutcome;
import org.auditedrecords.audittrail.FakeAuditTrail;
import org.auditedrecords.audittrail.ResourceType;
import org.auditedrecords.idempotency.FakeIdempotencyStore;
import org.auditedrecords.patient.FakePatientStore;
import org.auditedrecords.patient.PatientSamples;
import org.auditedrecords.patientapi.PatientApp;
import org.auditedrecords.testresult.FakeTestResultStore;
import org.junit.jupiter.api.Test;

/** The patient functions as the Functions worker invokes them, on fake ports: status, headers and body. */
class PatientFunctionsTest {
    private static final String ID = "5b0c2f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a";
    private static final String ADA = "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"gender\":\"female\","
            + "\"dateOfBirth\":\"1815-12\",\"postCode\":\"W1 2AB\"}";

    private final FakePatientStore store = new FakePatientStore();
    private final FakeAuditTrail trail = new FakeAuditTrail();
    private final PatientApp app = PatientApp.of(store, new FakeTestResultStore(), new FakeIdempotencyStore(), trail,
            FunctionCalls.CALLERS, PatientSamples.CLOCK);
    private final PatientFunctions functions = new PatientFunctions(() -> app);

    private HttpResponseMessage create(String body, String... headers) {
        return functions.create(request(HttpMethod.POST, body, headers), context());
    }

    private HttpResponseMessage search(String body, Map<String, String> query) {
        return functions.search(request(HttpMethod.POST, body, Map.of("content-type", "application/json"), query),
                context());
    }

    private static void assertProblem(HttpResponseMessage response, int status) {
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("traceId").asText()).isEqualTo(TRACE_ID);
    }

    @Test
    void create_validBody_returns201WithLocationETagAndTheStoredPatient() {
        HttpResponseMessage response = create(ADA);

        assertThat(response.getStatusCode()).isEqualTo(201);
        JsonNode body = json(response);
        String id = body.get("id").asText();
        assertThat(response.getHeader("Location")).isEqualTo("/api/patient/" + id);
        assertThat(response.getHeader("ETag")).isEqualTo("\"1\"");
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/json; charset=utf-8");
        ObjectNode expected = (ObjectNode) json(ADA);
        expected.put("id", id).put("lastUpdated", "2025-06-15T10:00:00.123Z");
        assertThat(body).isEqualTo(expected);
        assertThat(store.stored(id)).isPresent();
    }

    @Test
    void create_validBody_auditsTheAttemptAsTheGatewaysClientInTheRequestsTrace() {
        String id = json(create(ADA)).get("id").asText();

        AuditEntry attempted = trail.entries().get(0);
        assertThat(trail.entries()).hasSize(1);
        assertThat(attempted.action()).isEqualTo(AuditAction.CREATE);
        assertThat(attempted.resourceType()).isEqualTo(ResourceType.PATIENT);
        assertThat(attempted.resourceId()).isEqualTo(id);
        assertThat(attempted.patientId()).isEqualTo(id);
        assertThat(attempted.outcome()).isEqualTo(AuditOutcome.ATTEMPTED);
        assertThat(attempted.caller().clientId()).isEqualTo("integrator-1");
        assertThat(attempted.caller().address()).isEqualTo("203.0.113.7");
        assertThat(attempted.caller().requestId()).isEqualTo("req-1");
        assertThat(attempted.caller().correlationId()).isEqualTo(TRACE_ID);
    }

    @Test
    void create_invalidBody_returns400WithEveryFieldErrorAndAuditsNothing() {
        HttpResponseMessage response = create("{\"firstName\":\"\",\"gender\":\"f\",\"id\":\"" + ID + "\"}");

        assertProblem(response, 400);
        JsonNode errors = json(response).get("errors");
        assertThat(errors.get("firstName").get(0).asText()).isEqualTo("is required");
        assertThat(errors.get("gender").get(0).asText()).isEqualTo("must be one of female, male, other, unknown");
        assertThat(errors.get("id").get(0).asText()).isEqualTo("is set by the server and must not be sent");
        assertThat(errors.has("dateOfBirth")).isTrue();
        assertThat(errors.has("postCode")).isTrue();
        assertThat(trail.entries()).isEmpty();
        assertThat(store.size()).isZero();
    }

    @Test
    void create_notJsonTooLargeOrMalformed_returns415413And400WithoutAuditing() {
        assertProblem(create(ADA, "content-type", "text/plain"), 415);
        assertProblem(create("{\"firstName\":\"" + "x".repeat(1024 * 1024) + "\"}"), 413);
        assertProblem(create("{\"firstName\":"), 400);
        assertProblem(create("[]"), 400);

        assertThat(trail.entries()).isEmpty();
        assertThat(store.size()).isZero();
    }

    @Test
    void create_auditUnavailable_returns503WithRetryAfterAndStoresNothing() {
        trail.goDown();

        HttpResponseMessage response = create(ADA);

        assertProblem(response, 503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
        assertThat(json(response).get("detail").asText()).isEqualTo("A dependency is unavailable; nothing was changed. Retry later.");
        assertThat(store.size()).isZero();
    }

    @Test
    void load_existing_returns200WithETag() {
        store.put(PatientSamples.stored(ID, PatientSamples.ada(), 4));

        HttpResponseMessage response = functions.load(request(HttpMethod.GET, null), ID, context());

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeader("ETag")).isEqualTo("\"4\"");
        JsonNode body = json(response);
        assertThat(body.get("id").asText()).isEqualTo(ID);
        assertThat(body.get("fullName").asText()).isEqualTo("Augusta Ada King");
        assertThat(body.get("lastUpdated").asText()).isEqualTo("2025-01-01T00:00:00.000Z");
    }

    @Test
    void load_unknownOrMalformedId_returns404() {
        assertProblem(functions.load(request(HttpMethod.GET, null), ID, context()), 404);
        assertProblem(functions.load(request(HttpMethod.GET, null), "not-an-id", context()), 404);

        assertThat(trail.entries()).extracting(AuditEntry::outcome)
                .containsExactly(AuditOutcome.NOT_FOUND, AuditOutcome.NOT_FOUND);
    }

    @Test
    void update_roundTripOfWhatWasLoadedWithItsETag_returns200WithTheNextETag() {
        store.put(PatientSamples.stored(ID, PatientSamples.ada(), 1));
        HttpResponseMessage loaded = functions.load(request(HttpMethod.GET, null), ID, context());
        ObjectNode body = (ObjectNode) json(loaded);
        body.put("postCode", "NW1 6XE");

        HttpResponseMessage response = functions.update(request(HttpMethod.PUT, body.toString(),
                "If-Match", loaded.getHeader("ETag")), ID, context());

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeader("ETag")).isEqualTo("\"2\"");
        assertThat(json(response).get("postCode").asText()).isEqualTo("NW1 6XE");
        assertThat(json(response).get("lastUpdated").asText()).isEqualTo("2025-06-15T10:00:00.123Z");
    }

    @Test
    void update_staleIfMatch_returns412() {
        store.put(PatientSamples.stored(ID, PatientSamples.ada(), 3));

        HttpResponseMessage response = functions.update(request(HttpMethod.PUT, ADA, "If-Match", "\"2\""), ID, context());

        assertProblem(response, 412);
        assertThat(store.stored(ID).orElseThrow().version()).isEqualTo(3);
    }

    @Test
    void update_bodyIdOtherThanThePath_returns400() {
        store.put(PatientSamples.stored(ID, PatientSamples.ada(), 1));
        String body = ADA.replace("{", "{\"id\":\"00000000-0000-4000-8000-000000000000\",");

        HttpResponseMessage response = functions.update(request(HttpMethod.PUT, body), ID, context());

        assertProblem(response, 400);
        assertThat(json(response).get("errors").get("id").get(0).asText()).isEqualTo("must equal the id in the path");
        assertThat(trail.entries()).isEmpty();
    }

    @Test
    void search_morePatientsThanTheLimit_pagesWithAContinuationToken() {
        for (int i = 0; i < 3; i++) {
            create(ADA);
        }

        HttpResponseMessage first = search("{}", Map.of("limit", "2"));
        String token = first.getHeader("x-continuation-token");
        HttpResponseMessage second = search("{}", Map.of("limit", "2", "continuationToken", token));

        assertThat(first.getStatusCode()).isEqualTo(200);
        assertThat(json(first)).hasSize(2);
        assertThat(token).isNotBlank();
        assertThat(second.getStatusCode()).isEqualTo(200);
        assertThat(json(second)).hasSize(1);
        assertThat(second.getHeader("x-continuation-token")).isNull();
        assertThat(json(second).get(0).get("id").asText()).isGreaterThan(json(first).get(1).get("id").asText());
    }

    @Test
    void search_noMatch_returnsAnEmptyArray() {
        HttpResponseMessage response = search("{\"lastName\":\"Nobody\"}", Map.of());

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo("[]");
        assertThat(response.getHeader("x-continuation-token")).isNull();
        assertThat(trail.entries().get(0).query()).isEqualTo(Map.of("lastName", "Nobody"));
    }

    @Test
    void search_badLimitOrATokenOfOtherCriteria_returns400WithoutAuditing() {
        for (int i = 0; i < 2; i++) {
            create(ADA);
        }
        int audited = trail.entries().size();
        String token = search("{}", Map.of("limit", "1")).getHeader("x-continuation-token");

        HttpResponseMessage badLimit = search("{}", Map.of("limit", "101"));
        HttpResponseMessage foreignToken = search("{\"gender\":\"male\"}", Map.of("continuationToken", token));

        assertProblem(badLimit, 400);
        assertThat(json(badLimit).get("errors").get("limit").get(0).asText()).isEqualTo("must be a whole number from 1 to 100");
        assertProblem(foreignToken, 400);
        assertThat(json(foreignToken).get("errors").has("continuationToken")).isTrue();
        assertThat(trail.entries()).hasSize(audited + 1);
    }
}
