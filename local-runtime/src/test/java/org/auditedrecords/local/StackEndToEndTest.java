package org.auditedrecords.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.auditedrecords.common.trace.TraceParent;
import org.auditedrecords.local.StackClient.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole local stack over real sockets, through the gateway as integrators and compliance staff use it. */
class StackEndToEndTest {
    static final String PATIENT = "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"gender\":\"female\","
            + "\"dateOfBirth\":\"1815-12-10\",\"postCode\":\"W1 1AA\"}";
    static final String TEST_RESULT = "{\"performer\":\"Lab A\",\"orderReference\":\"ORD-1\",\"observations\":[{\"id\":\"o1\","
            + "\"code\":\"718-7\",\"measurement\":\"13.2 g/dL\",\"interpretation\":\"normal\","
            + "\"issued\":\"2026-11-01T10:00:00Z\",\"status\":\"final\"}]}";

    @TempDir
    Path data;
    Stack stack;
    final StackClient client = new StackClient();
    final List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() {
        stack = Stack.start(StackSettings.ephemeral(data), log::add);
    }

    @AfterEach
    void stop() throws Exception {
        stack.close();
        client.close();
    }

    Reply gateway(String method, String path, String key, String body, String... extraHeaders) {
        Map<String, String> headers = new HashMap<>();
        if (key != null) {
            headers.put("Ocp-Apim-Subscription-Key", key);
        }
        headers.put("traceparent", TraceParent.newRoot().toString());
        for (int i = 0; i < extraHeaders.length; i += 2) {
            headers.put(extraHeaders[i], extraHeaders[i + 1]);
        }
        return client.send(method, URI.create(stack.gatewayUri() + path), headers, body);
    }

    Reply integrator(String method, String path, String body, String... extraHeaders) {
        return gateway(method, path, stack.integratorKey(), body, extraHeaders);
    }

    Reply compliance(String path) {
        return gateway("GET", path, stack.complianceKey(), null);
    }

    @Test
    void patientContract_throughTheGateway_behavesAsSpecified() {
        Reply created = integrator("POST", "/patient", PATIENT);
        assertThat(created.status()).isEqualTo(201);
        JsonNode patient = created.json();
        String id = patient.get("id").asText();
        URI resolved = URI.create(stack.gatewayUri() + "/patient").resolve(created.header("location"));
        assertThat(resolved).isEqualTo(URI.create(stack.gatewayUri() + "/patient/" + id));
        assertThat(created.header("etag")).isNotBlank();

        Reply loaded = integrator("GET", "/patient/" + id, null);
        assertThat(loaded.status()).isEqualTo(200);
        assertThat(loaded.json().get("firstName").asText()).isEqualTo("Ada");

        String update = loaded.body().replace("\"W1 1AA\"", "\"W1 2BB\"");
        Reply updated = integrator("PUT", "/patient/" + id, update, "If-Match", loaded.header("etag"));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("postCode").asText()).isEqualTo("W1 2BB");
        assertThat(integrator("PUT", "/patient/" + id, update, "If-Match", loaded.header("etag")).status()).isEqualTo(412);

        Reply search = integrator("POST", "/patient/search", "{\"lastName\":\"Lovelace\"}");
        assertThat(search.status()).isEqualTo(200);
        assertThat(search.json()).hasSize(1);
        assertThat(integrator("POST", "/patient/search", "{\"lastName\":\"Nobody\"}").body()).isEqualTo("[]");

        Reply test = integrator("POST", "/patient/" + id + "/tests", TEST_RESULT);
        assertThat(test.status()).isEqualTo(201);
        String testId = test.json().get("id").asText();
        assertThat(URI.create(stack.gatewayUri() + "/patient/" + id + "/tests").resolve(test.header("location")).getPath())
                .isEqualTo("/patient/" + id + "/tests/" + testId);
        assertThat(integrator("GET", "/patient/" + id + "/tests", null).json()).hasSize(1);
        assertThat(integrator("GET", "/patient/" + id + "/tests/" + testId, null).status()).isEqualTo(200);

        Reply invalid = integrator("POST", "/patient", "{\"firstName\":\"\"}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.header("content-type")).startsWith("application/problem+json");
        assertThat(invalid.json().get("errors").has("gender")).isTrue();
        assertThat(integrator("GET", "/patient/00000000-0000-4000-8000-000000000000", null).status()).isEqualTo(404);
    }

    @Test
    void authMatrix_everyWrongCallerIsRefused() throws Exception {
        String id = integrator("POST", "/patient", PATIENT).json().get("id").asText();

        assertThat(gateway("GET", "/patient/" + id, null, null).status()).isEqualTo(401);
        assertThat(gateway("GET", "/patient/" + id, "wrong-key", null).status()).isEqualTo(401);
        assertThat(gateway("GET", "/patient/" + id, stack.complianceKey(), null).status()).isEqualTo(401);
        assertThat(gateway("GET", "/audit/auditrecords", stack.integratorKey(), null).status()).isEqualTo(401);
        assertThat(gateway("DELETE", "/patient/" + id, stack.integratorKey(), null).status()).isEqualTo(404);
        assertThat(gateway("GET", "/audit/auditrecords", stack.complianceKey(), null).status()).isEqualTo(200);

        // Directly at the apps, from outside every allowed subnet: refused before any key is looked at.
        Reply direct = client.send("GET", URI.create(stack.patientApiUri() + "/api/patient/" + id),
                Map.of("x-functions-key", stack.vault().latest(StackSecrets.PATIENT_API_KEY).value()), null);
        assertThat(direct.status()).isEqualTo(403);
        assertThat(client.send("GET", URI.create(stack.auditApiUri() + "/api/auditrecords"), Map.of(), null).status()).isEqualTo(403);

        // From the gateway's subnet: admitted by the network, but still needs the key.
        try (StackClient fromGateway = new StackClient(LocalNetwork.load().address("gateway"))) {
            assertThat(fromGateway.send("GET", URI.create(stack.patientApiUri() + "/api/patient/" + id), Map.of(), null)
                    .status()).isEqualTo(401);
            assertThat(fromGateway.send("GET", URI.create(stack.patientApiUri() + "/api/patient/" + id),
                    Map.of("x-functions-key", stack.vault().latest(StackSecrets.PATIENT_API_KEY).value()), null).status())
                    .isEqualTo(200);
        }
        // The Patient API's own subnet may create audit records but not query them.
        try (StackClient fromPatientApi = new StackClient(LocalNetwork.load().address("patient-api"))) {
            assertThat(fromPatientApi.send("GET", URI.create(stack.auditApiUri() + "/api/auditrecords"),
                    Map.of("x-functions-key", stack.vault().latest(StackSecrets.AUDIT_CREATE_KEY).value()), null).status())
                    .isEqualTo(401);
        }
    }

    @Test
    void auditCompleteness_scriptedSessionLeavesExactlyTheExpectedRecords() {
        Reply created = integrator("POST", "/patient", PATIENT);
        String id = created.json().get("id").asText();
        Reply loaded = integrator("GET", "/patient/" + id, null);
        integrator("PUT", "/patient/" + id, loaded.body(), "If-Match", loaded.header("etag"));
        integrator("POST", "/patient/search", "{\"id\":\"" + id + "\"}");
        String testId = integrator("POST", "/patient/" + id + "/tests", TEST_RESULT).json().get("id").asText();
        integrator("GET", "/patient/" + id + "/tests", null);
        integrator("GET", "/patient/" + id + "/tests/" + testId, null);
        integrator("GET", "/patient/" + java.util.UUID.randomUUID(), null);

        JsonNode trail = compliance("/audit/auditrecords?patientId=" + id + "&limit=100").json();
        List<String> summary = new ArrayList<>();
        trail.forEach(r -> summary.add(r.get("action").asText() + " " + r.get("resource").get("type").asText() + " "
                + r.get("outcome").asText()));

        assertThat(summary).containsExactly(
                "create patient attempted",
                "read patient success",
                "update patient attempted",
                "search patient-search success",
                "create test attempted",
                "read test success",
                "read test success");
        trail.forEach(r -> assertThat(r.get("actor").get("clientId").asText()).isEqualTo(Stack.INTEGRATOR_SUBSCRIPTION));
        assertThat(compliance("/audit/auditrecords?outcome=notFound").json()).hasSize(1);
        JsonNode verify = compliance("/audit/auditrecords/verify").json();
        assertThat(verify.get("intact").asBoolean()).isTrue();
    }

    @Test
    void restart_keepsPatientsAuditTrailAndKeys() {
        String id = integrator("POST", "/patient", PATIENT).json().get("id").asText();
        String integratorKey = stack.integratorKey();
        StackSettings same = stack.boundSettings();
        stack.close();

        stack = Stack.start(same, log::add);

        assertThat(stack.integratorKey()).isEqualTo(integratorKey);
        assertThat(integrator("GET", "/patient/" + id, null).status()).isEqualTo(200);
        assertThat(compliance("/audit/auditrecords?patientId=" + id).json().size()).isGreaterThanOrEqualTo(2);
        assertThat(compliance("/audit/auditrecords/verify").json().get("intact").asBoolean()).isTrue();
    }

    @Test
    void auditApiStopped_writesAreRefusedAndNothingIsWritten() {
        int patientStore = stack.boundSettings().patientStorePort();
        stack.stopAuditApi();

        Reply refused = integrator("POST", "/patient", PATIENT);

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("content-type")).startsWith("application/problem+json");
        assertThat(integrator("POST", "/patient/search", "{\"lastName\":\"Lovelace\"}").status()).isEqualTo(503);
        try (var store = com.mongodb.client.MongoClients.create("mongodb://127.0.0.1:" + patientStore)) {
            assertThat(store.getDatabase("patients").getCollection("patients").countDocuments()).isZero();
        }
    }

    /**
     * The log events of one request once all {@code expected} have been written: each component logs a request
     * just after answering it, so the last lines can trail the response by a moment.
     */
    List<JsonNode> logEvents(String traceId, int expected) throws Exception {
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        List<JsonNode> events = readEvents(traceId);
        while (events.size() < expected && System.nanoTime() < until) {
            Thread.sleep(50);
            events = readEvents(traceId);
        }
        return events;
    }

    private List<JsonNode> readEvents(String traceId) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(stack.logFile())) {
            if (!line.isBlank()) {
                JsonNode event = StackClient.JSON.readTree(line);
                if (traceId.equals(event.path("traceId").asText())) {
                    events.add(event);
                }
            }
        }
        return events;
    }

    static JsonNode only(List<JsonNode> events, String component, String event, String functionName) {
        List<JsonNode> found = events.stream().filter(e -> e.path("component").asText().equals(component)
                && e.path("event").asText().equals(event)
                && (functionName == null || e.path("functionName").asText().equals(functionName))).toList();
        assertThat(found).as(component + " " + event + " " + functionName).hasSize(1);
        return found.get(0);
    }

    @Test
    void trace_oneRequestIsFollowedFromGatewayToTheAuditRecord() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String clientSpan = "00f067aa0ba902b7";

        Reply created = integrator("POST", "/patient", PATIENT, "traceparent", "00-" + traceId + "-" + clientSpan + "-01");

        assertThat(created.status()).isEqualTo(201);
        // gateway request; Patient API request, invocation, audit call; Audit API request, invocation
        List<JsonNode> events = logEvents(traceId, 6);
        JsonNode gateway = only(events, "gateway", "request", null);
        JsonNode patientHost = only(events, "patient-api", "request", "CreatePatient");
        JsonNode patientCall = only(events, "patient-api", "dependency", null);
        JsonNode auditHost = only(events, "audit-api", "request", "CreateAuditRecord");
        assertThat(gateway.get("parentSpanId").asText()).isEqualTo(clientSpan);
        assertThat(patientHost.get("parentSpanId").asText()).isEqualTo(gateway.get("spanId").asText());
        assertThat(patientCall.get("parentSpanId").asText()).isEqualTo(patientHost.get("spanId").asText());
        assertThat(auditHost.get("parentSpanId").asText()).isEqualTo(patientCall.get("spanId").asText());
        assertThat(only(events, "patient-api", "invocation", "CreatePatient").get("status").asInt()).isEqualTo(201);
        assertThat(only(events, "audit-api", "invocation", "CreateAuditRecord").get("status").asInt()).isEqualTo(201);
        for (JsonNode event : events) {
            assertThat(event.has("timestamp") && event.has("level") && event.has("component")).isTrue();
        }

        JsonNode record = compliance("/audit/auditrecords?correlationId=" + traceId).json();
        assertThat(record).hasSize(1);
        assertThat(record.get(0).get("action").asText()).isEqualTo("create");

        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (log.stream().noneMatch(line -> line.startsWith("trace " + traceId)) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(log).anySatisfy(line -> assertThat(line).startsWith("trace " + traceId)
                .contains("gateway 201").contains("patient-api CreatePatient 201").contains("audit-api CreateAuditRecord 201"));
        String everything = java.nio.file.Files.readString(stack.logFile()) + String.join("\n", log);
        assertThat(everything).doesNotContain(stack.integratorKey()).doesNotContain("Lovelace")
                .doesNotContain(stack.vault().latest(StackSecrets.AUDIT_CREATE_KEY).value());
    }

    @Test
    void trace_malformedTraceparentIsReplacedNotTrusted() throws Exception {
        Reply created = integrator("POST", "/patient", PATIENT, "traceparent", "00-NOT-A-TRACE-01");

        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asText();
        JsonNode record = compliance("/audit/auditrecords?patientId=" + id + "&resourceType=patient").json().get(0);
        String traceId = record.get("correlationId").asText();
        assertThat(traceId).matches("[0-9a-f]{32}");
        JsonNode gateway = only(logEvents(traceId, 6), "gateway", "request", null);
        assertThat(gateway.has("parentSpanId")).isFalse();
    }

    @Test
    void accessToken_integratorWithoutKey_isTheAuditActorAndBadTokensChangeNothing() {
        String objectId = java.util.UUID.randomUUID().toString();
        LocalTokenIssuer issuer = stack.tokenIssuer();
        String token = issuer.issue(objectId, "lab-app", java.time.Duration.ofMinutes(5));

        Reply created = gateway("POST", "/patient", null, PATIENT, "Authorization", "Bearer " + token);
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(gateway("GET", "/patient/" + id, null, null, "Authorization", "Bearer " + token).status()).isEqualTo(200);

        JsonNode trail = compliance("/audit/auditrecords?patientId=" + id).json();
        assertThat(trail).hasSize(2);
        trail.forEach(r -> assertThat(r.get("actor").get("clientId").asText()).isEqualTo(objectId));

        var expiredClaims = issuer.claimsFor(objectId, "lab-app", List.of("Patients.ReadWrite"), java.time.Duration.ZERO);
        Reply expired = gateway("GET", "/patient/" + id, null, null, "Authorization", "Bearer " + issuer.sign(expiredClaims));
        Reply noRole = gateway("POST", "/patient", null, PATIENT, "Authorization", "Bearer "
                + issuer.sign(issuer.claimsFor(objectId, "lab-app", List.of("Patients.Read"), java.time.Duration.ofMinutes(5))));
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().get("message").asText()).isEqualTo("Unauthorized. Access token is missing or invalid.");
        assertThat(noRole.status()).isEqualTo(401);
        assertThat(gateway("GET", "/audit/auditrecords", null, null, "Authorization", "Bearer " + token).status()).isEqualTo(401);
        assertThat(compliance("/audit/auditrecords?clientId=" + objectId).json()).hasSize(2);
    }

    @Test
    void accessToken_signingKeyDisabledInTheVault_isRefusedFromTheNextRequest() {
        LocalTokenIssuer issuer = stack.tokenIssuer();
        String oldToken = issuer.issue("caller-1", "lab-app", java.time.Duration.ofMinutes(5));
        String oldVersion = stack.vault().latest(StackSecrets.TOKEN_SIGNING_KEY).version();
        stack.vault().put(StackSecrets.TOKEN_SIGNING_KEY, LocalTokenIssuer.newSigningKey());
        String newToken = issuer.issue("caller-1", "lab-app", java.time.Duration.ofMinutes(5));
        assertThat(gateway("POST", "/patient/search", null, "{}", "Authorization", "Bearer " + oldToken).status()).isEqualTo(200);

        stack.vault().disable(StackSecrets.TOKEN_SIGNING_KEY, oldVersion);

        assertThat(gateway("POST", "/patient/search", null, "{}", "Authorization", "Bearer " + oldToken).status()).isEqualTo(401);
        assertThat(gateway("POST", "/patient/search", null, "{}", "Authorization", "Bearer " + newToken).status()).isEqualTo(200);
    }

    @Test
    void quota_integratorQuotaExhausted_is403WithRetryAfterAndNothingForwarded() {
        stack.close();
        stack = Stack.start(StackSettings.ephemeral(data).withQuotas(2, 100), log::add);
        assertThat(integrator("POST", "/patient/search", "{}").status()).isEqualTo(200);
        assertThat(integrator("POST", "/patient/search", "{}").status()).isEqualTo(200);

        Reply exhausted = integrator("POST", "/patient", PATIENT);

        assertThat(exhausted.status()).isEqualTo(403);
        assertThat(exhausted.header("content-type")).isEqualTo("application/json");
        assertThat(Long.parseLong(exhausted.header("retry-after"))).isBetween(1L, 86_400L);
        assertThat(exhausted.json().get("message").asText()).startsWith("Out of call volume quota.");
        JsonNode trail = compliance("/audit/auditrecords?resourceType=patient").json();
        assertThat(trail).as("the refused create never reached the Patient API").isEmpty();
    }
}
