package org.auditedrecords.patientapi.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.auditedrecords.audit.AuditEntry;
import org.auditedrecords.audit.AuditRecord;
import org.auditedrecords.common.json.Json;
import org.auditedrecords.common.trace.TraceParent;
import org.auditedrecords.host.RequestLogEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Patient API over real HTTP, next to the real Audit API (see {@link TwoAppStack}): every function's contract,
 * and for every operation the exact audit records it leaves, read back from the audit register.
 */
class PatientApiHttpTest {
    private static final ObjectMapper JSON = Json.newMapper();
    private static final String CLIENT = "integrator-7";
    private static final String CLIENT_ADDRESS = "203.0.113.9";
    private static final String ADA = "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"gender\":\"female\","
            + "\"dateOfBirth\":\"1815-12-10\",\"postCode\":\"W1 2AB\"}";
    private static final String TEST = "{\"performer\":\"Lab One\",\"orderReference\":\"ORD-1\",\"observations\":"
            + "[{\"id\":\"obs-1\",\"code\":\"718-7\",\"measurement\":\"13.2 g/dL\",\"interpretation\":\"normal\","
            + "\"issued\":\"2025-06-01T09:30:00Z\",\"status\":\"final\"}]}";
    private static final String UNKNOWN = "00000000-0000-4000-8000-000000000000";

    @TempDir
    Path dir;
    TwoAppStack stack;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One answer of the Patient API, and the trace id the request was sent in. */
    record Reply(int status, HttpHeaders headers, String body, String traceId) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }
    }

    @BeforeEach
    void start() {
        stack = TwoAppStack.start(dir);
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    private Reply send(String method, String path, String body, String... headers) {
        TraceParent trace = TraceParent.newRoot();
        HttpRequest.Builder request = HttpRequest.newBuilder(stack.patientApi().resolve(path))
                .timeout(Duration.ofSeconds(20))
                .header("x-functions-key", stack.gatewayKey())
                .header("x-client-id", CLIENT)
                .header("x-forwarded-for", CLIENT_ADDRESS + ", 10.0.0.4")
                .header("traceparent", trace.toString())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body(), trace.traceId());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String createPatient() {
        Reply created = send("POST", "patient", ADA);
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private String createTest(String patientId) {
        Reply created = send("POST", "patient/" + patientId + "/tests", TEST);
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    /** The fields of a record that say what happened, as one comparable value. */
    private record Audited(String action, String type, String resourceId, String patientId, String outcome) {
        static Audited of(AuditRecord record) {
            AuditEntry e = record.entry();
            return new Audited(e.action(), e.resource().type(), e.resource().id(), e.patientId(), e.outcome());
        }
    }

    /** Asserts the records of the request: exactly {@code expected}, each as this client in this trace. */
    private List<AuditRecord> assertAudited(Reply reply, Audited... expected) {
        List<AuditRecord> records = stack.auditsOf(reply.traceId());
        assertThat(records).extracting(Audited::of).containsExactlyInAnyOrder(expected);
        assertThat(records).allSatisfy(record -> {
            AuditEntry e = record.entry();
            assertThat(e.sourceSystemName()).isEqualTo("patient-api");
            assertThat(e.actor()).isEqualTo(new AuditEntry.Actor(CLIENT, CLIENT_ADDRESS));
            assertThat(e.correlationId()).isEqualTo(reply.traceId());
        });
        return records;
    }

    /** Asserts a failed write: an attempted record and a failed one that relates to it. */
    private void assertFailedWrite(Reply reply, String action, String type, String resourceId, String patientId) {
        List<AuditRecord> records = assertAudited(reply, new Audited(action, type, resourceId, patientId, "attempted"),
                new Audited(action, type, resourceId, patientId, "failed"));
        AuditRecord attempted = records.stream().filter(r -> r.entry().outcome().equals("attempted")).findFirst().orElseThrow();
        AuditRecord failed = records.stream().filter(r -> r.entry().outcome().equals("failed")).findFirst().orElseThrow();
        assertThat(failed.entry().relatesTo()).isEqualTo(attempted.id());
        assertThat(attempted.entry().relatesTo()).isNull();
    }

    private static void assertProblem(Reply reply, int status) {
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.header("content-type")).hasValue("application/problem+json");
        assertThat(reply.json().get("status").asInt()).isEqualTo(status);
        assertThat(reply.json().get("traceId").asText()).isEqualTo(reply.traceId());
    }

    @Test
    void createPatient_valid_returns201AndLeavesOneAttemptedRecordInTheRequestsTrace() {
        Reply created = send("POST", "patient", ADA);

        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        String id = body.get("id").asText();
        assertThat(created.header("location")).hasValue("patient/" + id);
        assertThat(created.header("etag")).hasValue("\"1\"");
        assertThat(created.header("content-type")).hasValue("application/json; charset=utf-8");
        assertThat(body.get("firstName").asText()).isEqualTo("Ada");
        assertThat(body.get("lastUpdated").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        List<AuditRecord> records = assertAudited(created, new Audited("create", "patient", id, id, "attempted"));
        assertThat(records.get(0).entry().relatesTo()).isNull();
        assertThat(records.get(0).entry().query()).isNull();
        assertThat(stack.storedPatients()).isEqualTo(1);
    }

    @Test
    void auditCall_continuesTheRequestsTraceFromThePatientApisOwnAddress() throws InterruptedException {
        Reply created = send("POST", "patient", ADA);

        RequestLogEntry auditCall = auditRequests(1).get(0);
        assertThat(auditCall.status()).isEqualTo(201);
        assertThat(auditCall.path()).isEqualTo("/api/auditrecord");
        assertThat(auditCall.remoteAddress()).isEqualTo(TwoAppStack.PATIENT_API_ADDRESS);
        assertThat(TraceParent.parse(auditCall.traceparent()).orElseThrow().traceId()).isEqualTo(created.traceId());
    }

    @Test
    void loadPatient_existing_returns200WithETagAfterRecordingSuccess() {
        String id = createPatient();

        Reply loaded = send("GET", "patient/" + id, null);

        assertThat(loaded.status()).isEqualTo(200);
        assertThat(loaded.header("etag")).hasValue("\"1\"");
        assertThat(loaded.json().get("id").asText()).isEqualTo(id);
        assertThat(loaded.json().get("postCode").asText()).isEqualTo("W1 2AB");
        assertAudited(loaded, new Audited("read", "patient", id, id, "success"));
    }

    @Test
    void loadPatient_unknownOrMalformedId_returns404AfterRecordingNotFound() {
        Reply unknown = send("GET", "patient/" + UNKNOWN, null);
        Reply malformed = send("GET", "patient/NOT-A-UUID", null);

        assertProblem(unknown, 404);
        assertProblem(malformed, 404);
        assertAudited(unknown, new Audited("read", "patient", UNKNOWN, UNKNOWN, "notFound"));
        assertAudited(malformed, new Audited("read", "patient", null, null, "notFound"));
    }

    @Test
    void updatePatient_roundTripWithIfMatch_returns200WithTheNextETagAfterRecordingTheAttempt() {
        String id = createPatient();
        Reply loaded = send("GET", "patient/" + id, null);
        ObjectNode body = (ObjectNode) loaded.json();
        body.put("postCode", "NW1 6XE");

        Reply updated = send("PUT", "patient/" + id, body.toString(), "If-Match", loaded.header("etag").orElseThrow());

        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.header("etag")).hasValue("\"2\"");
        assertThat(updated.json().get("postCode").asText()).isEqualTo("NW1 6XE");
        assertAudited(updated, new Audited("update", "patient", id, id, "attempted"));
        assertThat(send("GET", "patient/" + id, null).json().get("postCode").asText()).isEqualTo("NW1 6XE");
    }

    @Test
    void updatePatient_staleIfMatch_returns412AndRecordsAFailedWriteRelatedToItsAttempt() {
        String id = createPatient();
        send("PUT", "patient/" + id, ADA, "If-Match", "\"1\"");

        Reply stale = send("PUT", "patient/" + id, ADA.replace("W1 2AB", "E1 1AA"), "If-Match", "\"1\"");

        assertProblem(stale, 412);
        assertFailedWrite(stale, "update", "patient", id, id);
        assertThat(send("GET", "patient/" + id, null).json().get("postCode").asText()).isEqualTo("W1 2AB");
    }

    @Test
    void updatePatient_unknownOrMalformedId_returns404AndRecordsAFailedWrite() {
        Reply unknown = send("PUT", "patient/" + UNKNOWN, ADA);
        Reply malformed = send("PUT", "patient/abc", ADA);

        assertProblem(unknown, 404);
        assertProblem(malformed, 404);
        assertFailedWrite(unknown, "update", "patient", UNKNOWN, UNKNOWN);
        assertFailedWrite(malformed, "update", "patient", null, null);
        assertThat(stack.storedPatients()).isZero();
    }

    @Test
    void searchPatient_pagesByLimitAndTokenRecordingEachSearchWithItsCriteriaAndItsPagesPatients() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(createPatient());
        }
        send("POST", "patient", ADA.replace("W1 2AB", "E1 1AA"));

        List<String> seen = new ArrayList<>();
        List<Reply> pages = new ArrayList<>();
        String token = null;
        do {
            Reply page = send("POST", "patient/search?limit=2" + (token == null ? "" : "&continuationToken=" + token),
                    "{\"postCode\":\"W1 2AB\",\"dateOfBirthFrom\":\"1815\"}");
            assertThat(page.status()).isEqualTo(200);
            page.json().forEach(p -> seen.add(p.get("id").asText()));
            pages.add(page);
            token = page.header("x-continuation-token").orElse(null);
        } while (token != null);

        assertThat(pages).hasSize(3);
        assertThat(seen).containsExactlyElementsOf(ids.stream().sorted().toList());
        for (Reply page : pages) {
            AuditRecord search = assertAudited(page, new Audited("search", "patient-search", null, null, "success")).get(0);
            assertThat(search.entry().query()).isEqualTo(Map.of("postCode", "W1 2AB", "dateOfBirthFrom", "1815"));
            List<String> returned = new ArrayList<>();
            page.json().forEach(p -> returned.add(p.get("id").asText()));
            assertThat(search.entry().returnedPatientIds()).isEqualTo(returned);
        }
    }

    @Test
    void searchPatient_noMatch_returns200WithAnEmptyArray() {
        createPatient();

        Reply none = send("POST", "patient/search", "{\"lastName\":\"Nobody\"}");

        assertThat(none.status()).isEqualTo(200);
        assertThat(none.body()).isEqualTo("[]");
        assertThat(none.header("x-continuation-token")).isEmpty();
        assertThat(assertAudited(none, new Audited("search", "patient-search", null, null, "success")).get(0)
                .entry().returnedPatientIds()).isEmpty();
    }

    @Test
    void testResults_createListLoadUpdate_eachLeaveTheirRecords() {
        String patient = createPatient();

        Reply created = send("POST", "patient/" + patient + "/tests", TEST);
        String test = created.json().get("id").asText();
        Reply listed = send("GET", "patient/" + patient + "/tests", null);
        Reply loaded = send("GET", "patient/" + patient + "/tests/" + test, null);
        Reply updated = send("PUT", "patient/" + patient + "/tests/" + test, loaded.body(), "If-Match", "\"1\"");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("location")).hasValue("tests/" + test);
        assertThat(created.header("etag")).hasValue("\"1\"");
        assertThat(created.json().get("patientId").asText()).isEqualTo(patient);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json()).hasSize(1);
        assertThat(listed.json().get(0).get("id").asText()).isEqualTo(test);
        assertThat(loaded.status()).isEqualTo(200);
        assertThat(loaded.header("etag")).hasValue("\"1\"");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.header("etag")).hasValue("\"2\"");
        assertAudited(created, new Audited("create", "test", test, patient, "attempted"));
        assertAudited(listed, new Audited("read", "test", null, patient, "success"));
        assertAudited(loaded, new Audited("read", "test", test, patient, "success"));
        assertAudited(updated, new Audited("update", "test", test, patient, "attempted"));
    }

    @Test
    void testResults_unknownTargets_are404WithTheirRecords() {
        String patient = createPatient();
        String test = createTest(patient);

        Reply createForUnknown = send("POST", "patient/" + UNKNOWN + "/tests", TEST);
        Reply listUnknown = send("GET", "patient/" + UNKNOWN + "/tests", null);
        Reply loadUnknown = send("GET", "patient/" + patient + "/tests/" + UNKNOWN, null);
        Reply loadOfOtherPatient = send("GET", "patient/" + UNKNOWN + "/tests/" + test, null);
        Reply updateUnknown = send("PUT", "patient/" + patient + "/tests/" + UNKNOWN, TEST);

        assertProblem(createForUnknown, 404);
        assertProblem(listUnknown, 404);
        assertProblem(loadUnknown, 404);
        assertProblem(loadOfOtherPatient, 404);
        assertProblem(updateUnknown, 404);
        String createdId = stack.auditsOf(createForUnknown.traceId()).get(0).entry().resource().id();
        assertFailedWrite(createForUnknown, "create", "test", createdId, UNKNOWN);
        assertAudited(listUnknown, new Audited("read", "test", null, UNKNOWN, "notFound"));
        assertAudited(loadUnknown, new Audited("read", "test", UNKNOWN, patient, "notFound"));
        assertAudited(loadOfOtherPatient, new Audited("read", "test", test, UNKNOWN, "notFound"));
        assertFailedWrite(updateUnknown, "update", "test", UNKNOWN, patient);
        assertThat(stack.storedTests()).isEqualTo(1);
    }

    @Test
    void updateTest_staleIfMatch_returns412AndRecordsAFailedWrite() {
        String patient = createPatient();
        String test = createTest(patient);
        send("PUT", "patient/" + patient + "/tests/" + test, TEST, "If-Match", "\"1\"");

        Reply stale = send("PUT", "patient/" + patient + "/tests/" + test, TEST, "If-Match", "\"1\"");

        assertProblem(stale, 412);
        assertFailedWrite(stale, "update", "test", test, patient);
    }

    @Test
    void invalidRequests_get400413Or415ProblemsAndAreNeitherAuditedNorWritten() {
        String patient = createPatient();

        Reply invalid = send("POST", "patient", "{\"firstName\":\"Ada\",\"gender\":\"x\",\"id\":\"" + UNKNOWN + "\"}");
        Reply mismatchedId = send("PUT", "patient/" + patient, ADA.replace("{", "{\"id\":\"" + UNKNOWN + "\","));
        Reply badSearch = send("POST", "patient/search", "{\"lastUpdated\":\"2025-01-01T00:00:00Z\"}");
        Reply badLimit = send("POST", "patient/search?limit=0", "{}");
        Reply malformedPatient = send("POST", "patient/xyz/tests", TEST);
        Reply badTest = send("POST", "patient/" + patient + "/tests", "{\"performer\":\"Lab\",\"observations\":[]}");
        Reply malformedJson = send("POST", "patient", "{\"firstName\":");
        Reply tooLarge = send("POST", "patient", "{\"firstName\":\"" + "x".repeat(1024 * 1024) + "\"}");
        Reply notJson = send("POST", "patient", ADA, "Content-Type", "text/plain");

        assertProblem(invalid, 400);
        assertThat(invalid.json().get("errors").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("gender", "id", "dateOfBirth", "postCode");
        assertProblem(mismatchedId, 400);
        assertThat(mismatchedId.json().get("errors").has("id")).isTrue();
        assertProblem(badSearch, 400);
        assertThat(badSearch.json().get("errors").has("lastUpdated")).isTrue();
        assertProblem(badLimit, 400);
        assertThat(badLimit.json().get("errors").has("limit")).isTrue();
        assertProblem(malformedPatient, 400);
        assertThat(malformedPatient.json().get("errors").has("patientId")).isTrue();
        assertProblem(badTest, 400);
        assertThat(badTest.json().get("errors").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("orderReference", "observations");
        assertProblem(malformedJson, 400);
        assertProblem(tooLarge, 413);
        assertProblem(notJson, 415);
        for (Reply reply : List.of(invalid, mismatchedId, badSearch, badLimit, malformedPatient, badTest, malformedJson,
                tooLarge, notJson)) {
            assertThat(stack.auditsOf(reply.traceId())).isEmpty();
        }
        assertThat(stack.storedPatients()).isEqualTo(1);
        assertThat(stack.storedTests()).isZero();
    }

    @Test
    void withoutTheGatewaysKey_theHostAnswers401BeforeTheApp() {
        Reply noKey = send("GET", "patient/" + UNKNOWN, null, "x-functions-key", "wrong");

        assertThat(noKey.status()).isEqualTo(401);
        assertThat(stack.auditsOf(noKey.traceId())).isEmpty();
    }

    @Test
    void auditApiDown_writesAndReadsGet503AndNothingIsWrittenOrReturned() {
        String id = createPatient();
        stack.stopAuditApi();

        Reply create = send("POST", "patient", ADA);
        Reply update = send("PUT", "patient/" + id, ADA.replace("W1 2AB", "E1 1AA"));
        Reply load = send("GET", "patient/" + id, null);
        Reply search = send("POST", "patient/search", "{}");

        for (Reply reply : List.of(create, update, load, search)) {
            assertProblem(reply, 503);
            assertThat(reply.header("retry-after")).hasValue("5");
            assertThat(reply.body()).doesNotContain("Lovelace").doesNotContain("W1 2AB");
        }
        assertThat(stack.storedPatients()).isEqualTo(1);
    }

    @Test
    void auditKeyRotated_nextCallSucceedsByRereadingTheKeyAfterOne401() throws InterruptedException {
        createPatient();
        stack.rotateAuditKey();

        Reply created = send("POST", "patient", ADA);

        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertAudited(created, new Audited("create", "patient", id, id, "attempted"));
        assertThat(auditRequests(3)).extracting(RequestLogEntry::status).containsExactly(201, 401, 201);
        Reply again = send("GET", "patient/" + id, null);
        assertThat(again.status()).isEqualTo(200);
        assertThat(auditRequests(4)).extracting(RequestLogEntry::status).endsWith(201, 401, 201, 201);
    }

    /** The Audit API's request log once it has {@code count} entries: a host logs a request just after answering it. */
    private List<RequestLogEntry> auditRequests(int count) throws InterruptedException {
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (stack.auditRequests().size() < count && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        return stack.auditRequests();
    }

    @Test
    void patientStoreDown_writeGets503AndAFailedRecordRelatedToItsAttempt() {
        createPatient();
        stack.stopPatientStore();

        Reply create = send("POST", "patient", ADA);

        assertProblem(create, 503);
        String id = stack.auditsOf(create.traceId()).get(0).entry().resource().id();
        assertFailedWrite(create, "create", "patient", id, id);
        assertThat(create.body()).doesNotContain("mongodb://");
    }
}
