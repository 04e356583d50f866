package org.auditedrecords.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.auditedrecords.common.json.Json;
import org.auditedrecords.common.secrets.CachingSecretSource;
import org.auditedrecords.common.secrets.LocalVault;
import org.auditedrecords.common.trace.TraceParent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayPipelineTest {
    static final TokenPolicy POLICY = TokenPolicy.entra("11111111-2222-4333-8444-555555555555", "api://records", "Patients.ReadWrite");
    static java.security.KeyPair tokenKey;

    @org.junit.jupiter.api.BeforeAll
    static void tokenKey() throws Exception {
        tokenKey = TestJws.ecKey();
    }

    record Sent(String method, URI uri, Map<String, String> headers, byte[] body) {
    }

    @TempDir
    Path dir;
    LocalVault vault;
    final List<Sent> sent = new ArrayList<>();
    final List<Integer> backendStatuses = new ArrayList<>();
    GatewayPipeline pipeline;
    final TraceParent trace = TraceParent.parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").orElseThrow();

    @BeforeEach
    void setUp() {
        vault = new LocalVault(dir, Clock.systemUTC());
        vault.put("patient-key", "backend-key-1");
        vault.put("audit-key", "audit-backend-key");
        Api patient = new Api("patient", "", URI.create("http://127.0.20.1:7071/api"), "patient-key", List.of(
                new Api.Operation("LoadPatient", "GET", PathTemplate.parse("/patient/{patientId}")),
                new Api.Operation("CreatePatient", "POST", PathTemplate.parse("/patient"))));
        Api audit = new Api("audit", "/audit", URI.create("http://127.0.30.1:7072/api"), "audit-key", List.of(
                new Api.Operation("QueryAuditRecords", "GET", PathTemplate.parse("/auditrecords"))));
        List<Subscription> subscriptions = List.of(
                new Subscription("integrator-sub", "integrator", "integrator", Set.of("patient")),
                new Subscription("compliance-sub", "compliance", "compliance", Set.of("audit")));
        KeySet keys = name -> Map.of("integrator", Set.of("int-key-old", "int-key"), "compliance", Set.of("comp-key"))
                .getOrDefault(name, Set.of());
        Backend backend = (method, uri, headers, body) -> {
            sent.add(new Sent(method, uri, Map.copyOf(headers), body));
            int status = backendStatuses.isEmpty() ? 200 : backendStatuses.remove(0);
            return new GatewayResponse(status, Map.of("content-type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8));
        };
        TokenAccess tokens = new TokenAccess("integrator", Set.of("patient"), new TokenValidator(POLICY,
                kid -> kid.equals("k1") ? java.util.Optional.of(tokenKey.getPublic()) : java.util.Optional.empty(),
                Clock.systemUTC(), Json.newMapper()));
        pipeline = new GatewayPipeline(List.of(patient, audit),
                new CallerIdentification(subscriptions, keys, java.util.Optional.of(tokens)),
                new CachingSecretSource(vault, Duration.ofMinutes(5), Clock.systemUTC()), limits(3, 5), backend);
    }

    private static CallLimits limits(int ratePerMinute, int integratorPerDay) {
        return new CallLimits(new RateLimiter(ratePerMinute, Duration.ofMinutes(1), Clock.systemUTC()),
                Map.of("integrator", Quota.daily(integratorPerDay, Clock.systemUTC()),
                        "compliance", Quota.daily(1000, Clock.systemUTC())), List.of("integrator", "compliance"));
    }

    private static String token(String objectId, String role) throws Exception {
        Map<String, Object> claims = new java.util.HashMap<>();
        claims.put("iss", POLICY.issuer());
        claims.put("tid", POLICY.tenantId());
        claims.put("aud", POLICY.audience());
        claims.put("roles", List.of(role));
        claims.put("exp", java.time.Instant.now().getEpochSecond() + 300);
        claims.put("oid", objectId);
        return TestJws.sign(Map.of("alg", "ES256", "kid", "k1"), claims, tokenKey, "SHA256withECDSAinP1363Format");
    }

    private GatewayPipeline.Result call(String method, String path, Map<String, String> query, Map<String, String> headers) {
        return pipeline.handle(new GatewayRequest(method, path, query, headers, new byte[0], "203.0.113.9"), trace);
    }

    private static String body(GatewayPipeline.Result result) {
        return new String(result.response().body(), StandardCharsets.UTF_8);
    }

    @Test
    void handle_missingOrInvalidOrForeignKey_is401InApimShapeAndNothingIsForwarded() {
        GatewayPipeline.Result missing = call("GET", "/audit/auditrecords", Map.of(), Map.of());
        GatewayPipeline.Result invalid = call("GET", "/patient/p1", Map.of(), Map.of("ocp-apim-subscription-key", "nope"));
        GatewayPipeline.Result foreign = call("GET", "/patient/p1", Map.of(), Map.of("ocp-apim-subscription-key", "comp-key"));
        GatewayPipeline.Result auditWithIntegrator = call("GET", "/audit/auditrecords", Map.of("subscription-key", "int-key"), Map.of());

        assertThat(missing.response().status()).isEqualTo(401);
        assertThat(body(missing)).startsWith("{\"statusCode\":401,\"message\":\"Access denied due to missing subscription key.");
        assertThat(missing.response().headers()).containsEntry("content-type", "application/json");
        assertThat(invalid.response().status()).isEqualTo(401);
        assertThat(body(invalid)).contains("invalid subscription key");
        assertThat(foreign.response().status()).isEqualTo(401);
        assertThat(auditWithIntegrator.response().status()).isEqualTo(401);
        assertThat(sent).isEmpty();
    }

    @Test
    void handle_undefinedPathOrOperation_is404() {
        GatewayPipeline.Result operation = call("DELETE", "/patient/p1", Map.of(), Map.of("ocp-apim-subscription-key", "int-key"));
        GatewayPipeline.Result deeper = call("GET", "/audit/auditrecords/x/y", Map.of(), Map.of("ocp-apim-subscription-key", "comp-key"));

        assertThat(operation.response().status()).isEqualTo(404);
        assertThat(body(operation)).isEqualTo("{\"statusCode\":404,\"message\":\"Resource not found\"}");
        assertThat(deeper.response().status()).isEqualTo(404);
        assertThat(sent).isEmpty();
    }

    @Test
    void handle_validCall_forwardsWithGatewayOwnedHeadersOnly() {
        GatewayPipeline.Result result = call("GET", "/patient/p1", Map.of("code", "client-code", "x", "a b"), Map.of(
                "ocp-apim-subscription-key", "int-key", "x-functions-key", "client-supplied", "x-client-id", "spoofed",
                "x-forwarded-for", "1.2.3.4", "accept", "application/json",
                "traceparent", "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01"));

        assertThat(result.response().status()).isEqualTo(200);
        assertThat(result.callerId()).isEqualTo("integrator-sub");
        assertThat(result.operationId()).isEqualTo("LoadPatient");
        Sent forwarded = sent.get(0);
        assertThat(forwarded.uri()).isEqualTo(URI.create("http://127.0.20.1:7071/api/patient/p1?x=a%20b"));
        assertThat(forwarded.headers())
                .containsEntry("x-functions-key", "backend-key-1")
                .containsEntry("x-client-id", "integrator-sub")
                .containsEntry("x-forwarded-for", "203.0.113.9")
                .containsEntry("traceparent", trace.toString())
                .containsEntry("accept", "application/json")
                .doesNotContainKey("ocp-apim-subscription-key");
    }

    @Test
    void handle_overTheRateLimit_is429WithRetryAfterPerSubscription() {
        Map<String, String> key = Map.of("ocp-apim-subscription-key", "int-key");
        for (int i = 0; i < 3; i++) {
            assertThat(call("GET", "/patient/p1", Map.of(), key).response().status()).isEqualTo(200);
        }

        GatewayPipeline.Result limited = call("GET", "/patient/p1", Map.of(), key);

        assertThat(limited.response().status()).isEqualTo(429);
        assertThat(limited.response().headers().get("retry-after")).matches("\\d+");
        assertThat(body(limited)).contains("Rate limit is exceeded");
        assertThat(call("GET", "/audit/auditrecords", Map.of(), Map.of("ocp-apim-subscription-key", "comp-key"))
                .response().status()).isEqualTo(200);
        assertThat(sent).hasSize(4);
    }

    @Test
    void handle_backendKeyRotated_rereadsTheVaultAndRetriesOnce() {
        Map<String, String> key = Map.of("ocp-apim-subscription-key", "int-key");
        call("GET", "/patient/p1", Map.of(), key);
        vault.put("patient-key", "backend-key-2");
        backendStatuses.add(401);

        GatewayPipeline.Result result = call("GET", "/patient/p1", Map.of(), key);

        assertThat(result.response().status()).isEqualTo(200);
        assertThat(sent).extracting(s -> s.headers().get("x-functions-key"))
                .containsExactly("backend-key-1", "backend-key-1", "backend-key-2");
    }

    @Test
    void handle_backendDown_is502InApimShape() {
        pipeline = new GatewayPipeline(List.of(new Api("patient", "", URI.create("http://127.0.20.1:1/api"), "patient-key",
                List.of(new Api.Operation("LoadPatient", "GET", PathTemplate.parse("/patient/{patientId}"))))),
                new CallerIdentification(List.of(new Subscription("s", "integrator", "integrator", Set.of("patient"))),
                        name -> Set.of("k"), java.util.Optional.empty()),
                new CachingSecretSource(vault, Duration.ofMinutes(5), Clock.systemUTC()), limits(10, 10), (m, u, h, b) -> {
                    throw new Backend.BackendUnavailableException("down", null);
                });

        GatewayPipeline.Result result = call("GET", "/patient/p1", Map.of(), Map.of("ocp-apim-subscription-key", "k"));

        assertThat(result.response().status()).isEqualTo(502);
        assertThat(body(result)).contains("\"statusCode\":502");
    }

    @Test
    void handle_dailyQuotaExhausted_is403WithRetryAfterInApimShapeForThatProductOnly() {
        pipeline = new GatewayPipeline(List.of(new Api("patient", "", URI.create("http://127.0.20.1:7071/api"), "patient-key",
                List.of(new Api.Operation("LoadPatient", "GET", PathTemplate.parse("/patient/{patientId}")))),
                new Api("audit", "/audit", URI.create("http://127.0.30.1:7072/api"), "audit-key",
                        List.of(new Api.Operation("QueryAuditRecords", "GET", PathTemplate.parse("/auditrecords"))))),
                new CallerIdentification(List.of(new Subscription("integrator-sub", "integrator", "integrator", Set.of("patient")),
                        new Subscription("compliance-sub", "compliance", "compliance", Set.of("audit"))),
                        name -> Set.of(name + "-key"), java.util.Optional.empty()),
                new CachingSecretSource(vault, Duration.ofMinutes(5), Clock.systemUTC()), limits(100, 2), (m, u, h, b) -> {
                    sent.add(new Sent(m, u, Map.copyOf(h), b));
                    return new GatewayResponse(200, Map.of(), new byte[0]);
                });
        Map<String, String> key = Map.of("ocp-apim-subscription-key", "integrator-key");
        call("GET", "/patient/p1", Map.of(), key);
        call("GET", "/patient/p1", Map.of(), key);

        GatewayPipeline.Result exhausted = call("GET", "/patient/p1", Map.of(), key);

        assertThat(exhausted.response().status()).isEqualTo(403);
        assertThat(exhausted.response().headers()).containsEntry("content-type", "application/json");
        long retryAfter = Long.parseLong(exhausted.response().headers().get("retry-after"));
        assertThat(retryAfter).isBetween(1L, 86_400L);
        assertThat(body(exhausted)).matches("\\{\"statusCode\":403,\"message\":\"Out of call volume quota\\. "
                + "Quota will be replenished in \\d\\d:\\d\\d:\\d\\d\\.\"}");
        assertThat(call("GET", "/audit/auditrecords", Map.of(), Map.of("ocp-apim-subscription-key", "compliance-key"))
                .response().status()).isEqualTo(200);
        assertThat(sent).hasSize(3);
    }

    @Test
    void handle_validTokenWithoutKey_forwardsTheTokenIdentityAsCallerWithoutTheToken() throws Exception {
        String token = token("oid-1234", "Patients.ReadWrite");

        GatewayPipeline.Result result = call("GET", "/patient/p1", Map.of(), Map.of("authorization", "Bearer " + token,
                "x-client-id", "spoofed"));

        assertThat(result.response().status()).isEqualTo(200);
        assertThat(result.callerId()).isEqualTo("oid-1234");
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).headers()).containsEntry("x-client-id", "oid-1234").doesNotContainKey("authorization")
                .containsEntry("x-functions-key", "backend-key-1");
    }

    @Test
    void handle_badOrMissingTokenOrTokenForAnotherProduct_is401AndNothingIsForwarded() throws Exception {
        GatewayPipeline.Result noRole = call("GET", "/patient/p1", Map.of(),
                Map.of("authorization", "Bearer " + token("oid-1", "Other.Role")));
        GatewayPipeline.Result notBearer = call("GET", "/patient/p1", Map.of(),
                Map.of("authorization", "Basic " + token("oid-1", "Patients.ReadWrite")));
        GatewayPipeline.Result none = call("GET", "/patient/p1", Map.of(), Map.of());
        GatewayPipeline.Result onAudit = call("GET", "/audit/auditrecords", Map.of(),
                Map.of("authorization", "Bearer " + token("oid-1", "Patients.ReadWrite")));

        for (GatewayPipeline.Result refused : List.of(noRole, notBearer, none)) {
            assertThat(refused.response().status()).isEqualTo(401);
            assertThat(body(refused)).isEqualTo("{\"statusCode\":401,\"message\":\"Unauthorized. Access token is missing or invalid.\"}");
            assertThat(refused.callerId()).isNull();
        }
        assertThat(onAudit.response().status()).isEqualTo(401);
        assertThat(body(onAudit)).contains("missing subscription key");
        assertThat(sent).isEmpty();
    }

    @Test
    void handle_keyAndToken_theKeyDecides() throws Exception {
        GatewayPipeline.Result wrongKey = call("GET", "/patient/p1", Map.of(), Map.of("ocp-apim-subscription-key", "nope",
                "authorization", "Bearer " + token("oid-1", "Patients.ReadWrite")));
        GatewayPipeline.Result goodKey = call("GET", "/patient/p1", Map.of(), Map.of("ocp-apim-subscription-key", "int-key",
                "authorization", "Bearer " + token("oid-1", "Patients.ReadWrite")));

        assertThat(wrongKey.response().status()).isEqualTo(401);
        assertThat(body(wrongKey)).contains("invalid subscription key");
        assertThat(goodKey.callerId()).isEqualTo("integrator-sub");
        assertThat(sent).hasSize(1);
    }

    @Test
    void handle_tokenCallers_areRateLimitedByTheirOwnIdentity() throws Exception {
        Map<String, String> first = Map.of("authorization", "Bearer " + token("oid-a", "Patients.ReadWrite"));
        for (int i = 0; i < 3; i++) {
            call("GET", "/patient/p1", Map.of(), first);
        }

        GatewayPipeline.Result limited = call("GET", "/patient/p1", Map.of(), first);
        GatewayPipeline.Result other = call("GET", "/patient/p1", Map.of(),
                Map.of("authorization", "Bearer " + token("oid-b", "Patients.ReadWrite")));

        assertThat(limited.response().status()).isEqualTo(429);
        assertThat(limited.response().headers().get("retry-after")).matches("\\d+");
        assertThat(other.response().status()).isEqualTo(200);
    }
}
