package org.auditedrecords.audit.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.ExecutionContext;
import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.auditedrecords.auditapi.AuditApp;
import org.auditedrecords.common.config.Env;
import org.auditedrecords.audit.store.MongoAuditLedger;
import org.auditedrecords.common.caller.CallerAssertion;
import org.auditedrecords.common.caller.CallerAssertions;
import org.auditedrecords.common.json.Json;
import org.auditedrecords.common.mongo.EmbeddedMongo;
import org.auditedrecords.common.mongo.MongoConnections;
import org.auditedrecords.common.secrets.Keys;
import org.auditedrecords.common.secrets.LocalVault;
import org.auditedrecords.host.FunctionsHost;
import org.auditedrecords.host.InMemoryFunctionKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Audit API over real HTTP: the function classes served by the local functions host, on the embedded store. */
class AuditFunctionsHttpTest {
    private static final ObjectMapper JSON = Json.newMapper();
    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    static final List<String> COMPLIANCE_FUNCTIONS = List.of("LoadAuditRecord", "QueryAuditRecords", "VerifyAuditRegister",
            "VerifyAuditRegisterFull", "ProveAuditRecord", "ListAuditCheckpoints", "ProveAuditLogConsistency", "ListAuditKeys",
            "AccountDisclosures");

    @TempDir
    Path dir;
    EmbeddedMongo mongo;
    AuditApp app;
    FunctionsHost host;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String createKey = Keys.newKey();
    final String complianceKey = Keys.newKey();
    LocalVault vault;

    @BeforeEach
    void start() {
        mongo = EmbeddedMongo.inMemory();
        vault = new LocalVault(dir, Clock.systemUTC());
        vault.put("audit-mongodb-uri", mongo.connectionString());
        String assertionKey = vault.put("gateway-assertion-key-a", Keys.newKey()).value();
        vault.put("gateway-assertion-key", "a." + assertionKey);
        app = AuditApp.create(new Env(java.util.Map.of("LOCAL_VAULT_DIR", dir.toString(),
                "AUDIT_WITNESS_DIR", dir.resolve("witness").toString(), "AUDIT_LOGS", "4", "ORGANISATION_DIRECTORY",
                "{\"integrator-stmarys\":{\"organisation\":\"St Mary's Lab\",\"contact\":\"lab-it@stmarys.example\"}}")));
        InMemoryFunctionKeys keys = new InMemoryFunctionKeys();
        keys.putFunctionKey("CreateAuditRecord", "patient-api", createKey);
        for (String read : COMPLIANCE_FUNCTIONS) {
            keys.putFunctionKey(read, "compliance", complianceKey);
        }
        host = FunctionsHost.builder().appName("audit-api").functionClasses(List.of(AuditFunctions.class))
                .instances(c -> new AuditFunctions(() -> app)).keys(keys).build();
        host.start();
    }

    @AfterEach
    void stop() {
        host.close();
        app.close();
        mongo.close();
    }

    private HttpResponse<String> post(String path, String key, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(host.baseUri().resolve("/api/" + path))
                .header("Content-Type", contentType).header("traceparent", "00-" + TRACE + "-b7ad6b7169203331-01")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("x-functions-key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A read as the gateway forwards it: asserted as {@code compliance-sub} unless {@code headers} assert otherwise. */
    private HttpResponse<String> get(String path, String key, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(host.baseUri().resolve("/api/" + path)).GET();
        if (key != null) {
            request.header("x-functions-key", key);
        }
        if (!List.of(headers).contains(CallerAssertions.HEADER)) {
            request.header(CallerAssertions.HEADER, assertion("compliance-sub", "audit-api", "gw-req-0"));
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> getUnasserted(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(host.baseUri().resolve("/api/" + path)).GET()
                .header("x-functions-key", complianceKey);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The caller assertion the gateway would sign now. */
    private String assertion(String clientId, String audience, String requestId) {
        Instant now = Instant.now();
        return CallerAssertions.sign(new CallerAssertion(clientId, "203.0.113.7", requestId, audience, now,
                now.plus(CallerAssertions.LIFETIME)), vault.latest("gateway-assertion-key"));
    }

    private String createBody(String patientId, String outcome) {
        return "{\"sourceSystemName\":\"patient-api\",\"action\":\"read\",\"resource\":{\"type\":\"patient\",\"id\":\""
                + patientId + "\"},\"patientId\":\"" + patientId + "\",\"outcome\":\"" + outcome
                + "\",\"actor\":{\"clientId\":\"integrator-1\"},\"correlationId\":\"" + TRACE + "\"}";
    }

    private long storedRecords() {
        try (MongoClient client = MongoConnections.create(mongo.connectionString(), "test")) {
            return client.getDatabase("audit").getCollection(MongoAuditLedger.RECORDS).countDocuments();
        }
    }

    @Test
    void create_validRecord_returns201WithLocationAndServerFieldsThenLoads() throws Exception {
        String patient = UUID.randomUUID().toString();

        HttpResponse<String> created = post("auditrecord", createKey, "application/json", createBody(patient, "success"));

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        JsonNode body = JSON.readTree(created.body());
        String id = body.get("id").asText();
        assertThat(created.headers().firstValue("location")).hasValue("auditrecord/" + id);
        assertThat(created.uri().resolve(created.headers().firstValue("location").orElseThrow()).getPath())
                .isEqualTo("/api/auditrecord/" + id);
        assertThat(body.get("recordedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(body.get("patientId").asText()).isEqualTo(patient);
        assertThat(body.get("integrity").get("leafIndex").asLong()).isZero();
        assertThat(body.get("integrity").get("log").asText()).matches("\\d{8}T\\d{6}Z-[0-9a-f]{12}");
        assertThat(body.has("signature")).isFalse();

        HttpResponse<String> loaded = get("auditrecord/" + id, complianceKey);
        assertThat(loaded.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(loaded.body())).isEqualTo(body);
    }

    @Test
    void create_upstreamBody_isAccepted() throws Exception {
        HttpResponse<String> created = post("auditrecord", createKey, "application/json",
                "{\"sourceSystemName\":\"patient-api\",\"resource\":{\"type\":\"test\",\"id\":\"t-1\",\"operation\":\"update\"}}");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(created.body()).get("action").asText()).isEqualTo("update");
    }

    @Test
    void keys_eachFunctionAcceptsOnlyItsOwnHolder() throws Exception {
        assertThat(post("auditrecord", null, "application/json", createBody(UUID.randomUUID().toString(), "success")).statusCode()).isEqualTo(401);
        assertThat(post("auditrecord", complianceKey, "application/json", createBody(UUID.randomUUID().toString(), "success")).statusCode()).isEqualTo(401);
        assertThat(get("auditrecords", createKey).statusCode()).isEqualTo(401);
        assertThat(get("auditrecords/verify", createKey).statusCode()).isEqualTo(401);
        assertThat(get("auditrecords", complianceKey).statusCode()).isEqualTo(200);
        assertThat(storedRecords()).isEqualTo(1);
    }

    @Test
    void create_invalidInputs_getProblemDetailsAndStoreNothing() throws Exception {
        HttpResponse<String> invalid = post("auditrecord", createKey, "application/json",
                "{\"sourceSystemName\":\"s\",\"action\":\"read\",\"resource\":{\"type\":\"patient\"},\"id\":\"mine\",\"extra\":1}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.headers().firstValue("content-type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(invalid.body());
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("traceId").asText()).isEqualTo(TRACE);
        assertThat(problem.get("errors").has("id")).isTrue();
        assertThat(problem.get("errors").has("extra")).isTrue();

        assertThat(post("auditrecord", createKey, "text/plain", "{}").statusCode()).isEqualTo(415);
        assertThat(post("auditrecord", createKey, "application/json", "{\"sourceSystemName\":").statusCode()).isEqualTo(400);
        assertThat(post("auditrecord", createKey, "application/json", "[1]").statusCode()).isEqualTo(400);
        HttpResponse<String> tooLarge = post("auditrecord", createKey, "application/json",
                "{\"sourceSystemName\":\"" + "x".repeat(1024 * 1024) + "\"}");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(tooLarge.body()).get("title").asText()).isEqualTo("Payload too large");
        assertThat(storedRecords()).isZero();
    }

    @Test
    void query_pagesAndExports_coverEveryMatchingRecordOnce() throws Exception {
        String patient = UUID.randomUUID().toString();
        for (int i = 0; i < 25; i++) {
            assertThat(post("auditrecord", createKey, "application/json", createBody(patient, "success")).statusCode()).isEqualTo(201);
        }

        List<String> ids = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            HttpResponse<String> page = get("auditrecords?patientId=" + patient + "&resourceType=patient&limit=10"
                    + (token == null ? "" : "&continuationToken=" + token), complianceKey);
            assertThat(page.statusCode()).isEqualTo(200);
            JSON.readTree(page.body()).forEach(r -> ids.add(r.get("id").asText()));
            token = page.headers().firstValue("x-continuation-token").orElse(null);
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        assertThat(ids).hasSize(25).doesNotHaveDuplicates();

        HttpResponse<String> csv = get("auditrecords?patientId=" + patient + "&resourceType=patient&limit=20", complianceKey, "Accept", "text/csv");
        assertThat(csv.headers().firstValue("content-type")).hasValue("text/csv; charset=utf-8");
        assertThat(csv.body().split("\r\n")).hasSize(21);
        String next = csv.headers().firstValue("x-continuation-token").orElseThrow();
        HttpResponse<String> csvRest = get("auditrecords?patientId=" + patient + "&resourceType=patient&limit=20&continuationToken=" + next,
                complianceKey, "Accept", "text/csv");
        assertThat(csvRest.body().split("\r\n")).hasSize(5);
        assertThat(csvRest.headers().firstValue("x-continuation-token")).isEmpty();

        HttpResponse<String> ndjson = get("auditrecords?patientId=" + patient + "&resourceType=patient&format=ndjson&sort=desc", complianceKey);
        assertThat(ndjson.headers().firstValue("content-type")).hasValue("application/x-ndjson; charset=utf-8");
        assertThat(ndjson.body().split("\n")).hasSize(25);
        assertThat(JSON.readTree(ndjson.body().split("\n")[0]).get("id").asText()).isEqualTo(ids.get(24));
    }

    @Test
    void query_badParametersOrForeignToken_get400() throws Exception {
        String patient = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            post("auditrecord", createKey, "application/json", createBody(patient, "success"));
        }
        String token = get("auditrecords?patientId=" + patient + "&limit=1", complianceKey)
                .headers().firstValue("x-continuation-token").orElseThrow();

        assertThat(get("auditrecords?outcome=success&limit=1&continuationToken=" + token, complianceKey).statusCode()).isEqualTo(400);
        assertThat(get("auditrecords?patientid=" + patient, complianceKey).statusCode()).isEqualTo(400);
        assertThat(get("auditrecords?limit=0", complianceKey).statusCode()).isEqualTo(400);
        HttpResponse<String> badFormat = get("auditrecords?format=xml", complianceKey);
        assertThat(badFormat.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badFormat.body()).get("errors").has("format")).isTrue();
    }

    @Test
    void complianceQueries_areThemselvesAuditedWithCallerAndTrace() throws Exception {
        String patient = UUID.randomUUID().toString();
        post("auditrecord", createKey, "application/json", createBody(patient, "success"));

        HttpResponse<String> query = get("auditrecords?patientId=" + patient, complianceKey,
                CallerAssertions.HEADER, assertion("compliance-sub-7", "audit-api", "gw-req-1"),
                "traceparent", "00-11111111111111111111111111111111-2222222222222222-01");
        HttpResponse<String> missing = get("auditrecord/not-a-uuid", complianceKey,
                CallerAssertions.HEADER, assertion("compliance-sub-7", "audit-api", "gw-req-2"));

        assertThat(query.statusCode()).isEqualTo(200);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("content-type")).hasValue("application/problem+json");
        JsonNode audits = JSON.readTree(get("auditrecords?resourceType=audit-search&clientId=compliance-sub-7", complianceKey).body());
        assertThat(audits).hasSize(2);
        JsonNode search = audits.get(0);
        assertThat(search.get("action").asText()).isEqualTo("search");
        assertThat(search.get("patientId").asText()).isEqualTo(patient);
        assertThat(search.get("correlationId").asText()).isEqualTo("11111111111111111111111111111111");
        assertThat(search.get("actor").get("address").asText()).isEqualTo("203.0.113.7");
        assertThat(search.get("actor").get("requestId").asText()).isEqualTo("gw-req-1");
        assertThat(search.get("query").get("patientId").asText()).isEqualTo(patient);
        JsonNode notFound = audits.get(1);
        assertThat(notFound.get("outcome").asText()).isEqualTo("notFound");
        assertThat(notFound.get("resource").get("id").asText()).isEqualTo("not-a-uuid");
    }

    @Test
    void complianceReads_withoutAValidAssertion_are401ProblemsAndAuditNobody() throws Exception {
        String patient = UUID.randomUUID().toString();
        post("auditrecord", createKey, "application/json", createBody(patient, "success"));
        String forPatientApi = assertion("compliance-sub-x", "patient-api", "gw-req-x");
        Instant now = Instant.now();
        String forged = CallerAssertions.sign(new CallerAssertion("compliance-sub-x", null, "gw-req-x", "audit-api", now,
                now.plus(CallerAssertions.LIFETIME)), "a", "a-key-the-vault-does-not-hold");

        List<HttpResponse<String>> refused = List.of(
                getUnasserted("auditrecords?patientId=" + patient, "x-client-id", "compliance-sub-x"),
                getUnasserted("auditrecords/verify", CallerAssertions.HEADER, forPatientApi),
                getUnasserted("disclosures?patientId=" + patient, CallerAssertions.HEADER, forged),
                getUnasserted("auditrecord/" + UUID.randomUUID(), "x-client-id", "compliance-sub-x"),
                getUnasserted("auditrecords?limit=0", "x-client-id", "compliance-sub-x"));

        for (HttpResponse<String> response : refused) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.get("type").asText()).isEqualTo("urn:auditedrecords:problem:unauthorized");
            assertThat(problem.get("traceId").asText()).matches("[0-9a-f]{32}");
        }
        assertThat(storedRecords()).isEqualTo(1);
    }

    @Test
    void verify_reportsIntactThenTheFullRunCatchesDirectTampering() throws Exception {
        for (int i = 0; i < 5; i++) {
            post("auditrecord", createKey, "application/json", createBody(UUID.randomUUID().toString(), "success"));
        }
        app.register().seal();
        HttpResponse<String> first = get("auditrecords/verify", complianceKey);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        JsonNode intact = JSON.readTree(first.body());
        assertThat(intact.get("intact").asBoolean()).isTrue();
        assertThat(intact.get("records").asLong()).isEqualTo(5);
        assertThat(intact.get("verifiedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

        try (MongoClient client = MongoConnections.create(mongo.connectionString(), "attacker")) {
            client.getDatabase("audit").getCollection(MongoAuditLedger.RECORDS)
                    .updateOne(Filters.eq("outcome", "success"), Updates.set("outcome", "failed"));
        }
        app.register().verifyAll();

        JsonNode full = JSON.readTree(get("auditrecords/verify/full", complianceKey).body());
        assertThat(full.get("status").asText()).isEqualTo("finished");
        assertThat(full.get("intact").asBoolean()).isFalse();
        assertThat(full.get("logsDone").asLong()).isEqualTo(full.get("logsTotal").asLong());
        assertThat(full.get("broken").get(0).get("firstBroken").get("reason").asText()).contains("content does not match");
        JsonNode report = JSON.readTree(get("auditrecords/verify", complianceKey).body());
        assertThat(report.get("intact").asBoolean()).isFalse();
    }

    @Test
    void proof_ofACreatedRecord_isVerifiedAgainstItsSignedCheckpoint() throws Exception {
        String id = JSON.readTree(post("auditrecord", createKey, "application/json",
                createBody(UUID.randomUUID().toString(), "success")).body()).get("id").asText();

        HttpResponse<String> response = get("auditrecord/" + id + "/proof", complianceKey);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        JsonNode proof = JSON.readTree(response.body());
        assertThat(proof.get("record").get("id").asText()).isEqualTo(id);
        assertThat(proof.get("verified").asBoolean()).isTrue();
        assertThat(proof.get("leafIndex").asLong()).isZero();
        assertThat(proof.get("treeSize").asLong()).isEqualTo(1);
        assertThat(proof.get("inclusionProof").isArray()).isTrue();
        JsonNode checkpoint = proof.get("checkpoint");
        assertThat(checkpoint.get("origin").asText()).isEqualTo("audited-records/audit/" + proof.get("log").asText());
        assertThat(checkpoint.get("treeSize").asLong()).isEqualTo(1);
        assertThat(checkpoint.get("text").asText()).startsWith(checkpoint.get("origin").asText() + "\n1\n")
                .contains("\n\n\u2014 audited-records/audit ");
        assertThat(get("auditrecord/" + UUID.randomUUID() + "/proof", complianceKey).statusCode()).isEqualTo(404);
    }

    @Test
    void keysAndCheckpoints_arePublishedWithValidity() throws Exception {
        post("auditrecord", createKey, "application/json", createBody(UUID.randomUUID().toString(), "success"));
        app.register().seal();

        JsonNode keys = JSON.readTree(get("auditrecords/keys", complianceKey).body());
        JsonNode checkpoints = JSON.readTree(get("auditrecords/checkpoints", complianceKey).body());

        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).get("algorithm").asText()).isEqualTo("ES256");
        assertThat(keys.get(0).get("publicKeyPem").asText()).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(keys.get(0).has("notBefore")).isTrue();
        assertThat(checkpoints).hasSize(1);
        String log = checkpoints.get(0).get("log").asText();
        assertThat(checkpoints.get(0).get("treeSize").asLong()).isEqualTo(1);
        JsonNode ofLog = JSON.readTree(get("auditrecords/checkpoints?log=" + log, complianceKey).body());
        assertThat(ofLog.get(0).get("text").asText()).isEqualTo(checkpoints.get(0).get("text").asText());
        JsonNode consistency = JSON.readTree(get("auditrecords/consistency?log=" + log + "&from=1", complianceKey).body());
        assertThat(consistency.get("verified").asBoolean()).isTrue();
    }

    @Test
    void registerQueries_badParameters_get400AndNo500() throws Exception {
        for (String path : List.of("auditrecords/checkpoints?log=../x", "auditrecords/checkpoints?limit=0",
                "auditrecords/checkpoints?other=1", "auditrecords/consistency?log=20261201T100000Z-0123456789ab",
                "auditrecords/consistency?log=20261201T100000Z-0123456789ab&from=-1",
                "auditrecords/checkpoints?continuationToken=bm9wZQ")) {
            HttpResponse<String> response = get(path, complianceKey);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.headers().firstValue("content-type")).as(path).hasValue("application/problem+json");
        }
        HttpResponse<String> noLog = get("auditrecords/consistency?log=20261201T100000Z-0123456789ab&from=0", complianceKey);
        assertThat(noLog.statusCode()).isEqualTo(404);
    }

    @Test
    void create_registerOnlyEntries_areRefused() throws Exception {
        HttpResponse<String> auditSearch = post("auditrecord", createKey, "application/json",
                "{\"sourceSystemName\":\"patient-api\",\"action\":\"search\",\"resource\":{\"type\":\"audit-search\"}}");
        HttpResponse<String> ownName = post("auditrecord", createKey, "application/json",
                "{\"sourceSystemName\":\"audit-api\",\"action\":\"read\",\"resource\":{\"type\":\"patient\"}}");

        assertThat(auditSearch.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(auditSearch.body()).get("errors").has("resource.type")).isTrue();
        assertThat(ownName.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(ownName.body()).get("errors").has("sourceSystemName")).isTrue();
        assertThat(storedRecords()).isZero();
    }

    @Test
    void create_anotherSourceWithThePatientApisKey_isRefusedAndStoresNothing() throws Exception {
        // when the Patient API's key writes an entry in another system's name
        HttpResponse<String> refused = post("auditrecord", createKey, "application/json",
                createBody(UUID.randomUUID().toString(), "success").replace("\"patient-api\"", "\"lab-system\""));

        // then
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("content-type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.get("errors").get("sourceSystemName").get(0).asText())
                .isEqualTo("must be patient-api, the source bound to the key this call was made with");
        assertThat(problem.get("traceId").asText()).isEqualTo(TRACE);
        assertThat(storedRecords()).isZero();

        // and its own name is accepted with the same key
        assertThat(post("auditrecord", createKey, "application/json", createBody(UUID.randomUUID().toString(),
                "success")).statusCode()).isEqualTo(201);
        assertThat(storedRecords()).isEqualTo(1);
    }

    @Test
    void verifyOnSchedule_due_runsTheFullVerificationWhoseResultTheApiServes() throws Exception {
        // given two records and a timer invocation, as the Functions host makes it in Azure
        post("auditrecord", createKey, "application/json", createBody(UUID.randomUUID().toString(), "success"));
        post("auditrecord", createKey, "application/json", createBody(UUID.randomUUID().toString(), "success"));
        app.register().seal();
        ExecutionContext context = org.mockito.Mockito.mock(ExecutionContext.class);
        org.mockito.Mockito.when(context.getLogger()).thenReturn(java.util.logging.Logger.getLogger("timer-test"));

        // when
        new AuditFunctions(() -> app).verifyOnSchedule("{\"isPastDue\":false}", context);

        // then
        HttpResponse<String> full = get("auditrecords/verify/full", complianceKey);
        assertThat(full.statusCode()).isEqualTo(200);
        JsonNode status = JSON.readTree(full.body());
        assertThat(status.get("status").asText()).isEqualTo("finished");
        assertThat(status.get("intact").asBoolean()).isTrue();
        assertThat(status.get("records").asLong()).isEqualTo(2);
    }

    @Test
    void create_storeDown_returns503AndRetryAfter() throws Exception {
        mongo.close();

        HttpResponse<String> response = post("auditrecord", createKey, "application/json", createBody(UUID.randomUUID().toString(), "success"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("retry-after")).hasValue("5");
        assertThat(JSON.readTree(response.body()).get("detail").asText()).doesNotContain("mongodb://");
    }

    private String entryBody(String client, String action, String type, String patientId, String outcome) {
        return "{\"sourceSystemName\":\"patient-api\",\"action\":\"" + action + "\",\"resource\":{\"type\":\"" + type
                + "\",\"id\":\"" + patientId + "\"},\"patientId\":\"" + patientId + "\",\"outcome\":\"" + outcome
                + "\",\"actor\":{\"clientId\":\"" + client + "\"},\"correlationId\":\"" + TRACE + "\"}";
    }

    @Test
    void disclosures_json_csv_html_giveTheSameRowsNamingOrganisations() throws Exception {
        String patient = UUID.randomUUID().toString();
        post("auditrecord", createKey, "application/json", entryBody("integrator-stmarys", "read", "patient", patient, "success"));
        post("auditrecord", createKey, "application/json", entryBody("integrator-9", "read", "patient", patient, "notFound"));

        HttpResponse<String> json = get("disclosures?patientId=" + patient, complianceKey);
        HttpResponse<String> csv = get("disclosures?patientId=" + patient, complianceKey, "Accept", "text/csv");
        HttpResponse<String> html = get("disclosures?patientId=" + patient + "&format=html", complianceKey);

        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        JsonNode report = JSON.readTree(json.body());
        assertThat(report.get("patientId").asText()).isEqualTo(patient);
        JsonNode rows = report.get("disclosures");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("recipient").get("label").asText()).isEqualTo("St Mary's Lab (integrator-stmarys)");
        assertThat(rows.get(0).get("recipient").get("contact").asText()).isEqualTo("lab-it@stmarys.example");
        assertThat(rows.get(0).get("outcome").asText()).isEqualTo("success");
        assertThat(rows.get(1).get("recipient").get("label").asText()).isEqualTo("integrator-9 (not in the organisation directory)");
        assertThat(rows.get(1).get("recipient").has("organisation")).isFalse();
        assertThat(rows.get(1).get("outcome").asText()).isEqualTo("notFound");

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("content-type")).hasValue("text/csv; charset=utf-8");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).isEqualTo(String.join(",", org.auditedrecords.audit.compliance.DisclosureFormat.CSV_COLUMNS));
        assertThat(lines[1]).isEqualTo(rows.get(0).get("recordedAt").asText() + ",\"St Mary's Lab\",integrator-stmarys,"
                + "lab-it@stmarys.example,read,patient," + patient + ",the patient record,success,"
                + rows.get(0).get("auditRecordId").asText() + "," + TRACE);
        assertThat(lines[2]).startsWith(rows.get(1).get("recordedAt").asText() + ",,integrator-9,,read,patient,");

        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(html.headers().firstValue("content-security-policy")).hasValue("default-src 'none'; style-src 'unsafe-inline'");
        assertThat(html.body()).startsWith("<!DOCTYPE html>").contains("St Mary&#39;s Lab (integrator-stmarys)")
                .doesNotContain("St Mary's Lab");
        assertThat(html.body().indexOf("integrator-stmarys")).isLessThan(html.body().indexOf("integrator-9"));
    }

    @Test
    void disclosures_areAuditedWithTheResolvedPeriodOfSixYearsByDefault() throws Exception {
        String patient = UUID.randomUUID().toString();

        HttpResponse<String> response = get("disclosures?patientId=" + patient, complianceKey,
                CallerAssertions.HEADER, assertion("compliance-sub-9", "audit-api", "gw-req-9"));

        JsonNode report = JSON.readTree(response.body());
        java.time.Instant from = java.time.Instant.parse(report.get("from").asText());
        java.time.Instant to = java.time.Instant.parse(report.get("to").asText());
        assertThat(from.atOffset(java.time.ZoneOffset.UTC).plusYears(6).toInstant()).isEqualTo(to);
        assertThat(report.get("disclosures")).isEmpty();
        JsonNode audits = JSON.readTree(get("auditrecords?clientId=compliance-sub-9", complianceKey).body());
        assertThat(audits).hasSize(1);
        assertThat(audits.get(0).get("resource").get("type").asText()).isEqualTo("audit-search");
        assertThat(audits.get(0).get("resource").get("id").asText()).isEqualTo("disclosures");
        assertThat(audits.get(0).get("patientId").asText()).isEqualTo(patient);
        assertThat(audits.get(0).get("query").get("from").asText()).isEqualTo(report.get("from").asText());
    }

    @Test
    void disclosures_pagesKeepTheFirstPagesPeriodAndCoverEveryRowOnce() throws Exception {
        String patient = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            post("auditrecord", createKey, "application/json", entryBody("integrator-stmarys", "read", "patient", patient, "success"));
        }

        HttpResponse<String> first = get("disclosures?patientId=" + patient + "&limit=2", complianceKey);
        String token = first.headers().firstValue("x-continuation-token").orElseThrow();
        Thread.sleep(5);
        HttpResponse<String> second = get("disclosures?patientId=" + patient + "&limit=2&continuationToken=" + token, complianceKey);

        assertThat(JSON.readTree(first.body()).get("disclosures")).hasSize(2);
        assertThat(JSON.readTree(second.body()).get("disclosures")).hasSize(1);
        assertThat(JSON.readTree(second.body()).get("to")).isEqualTo(JSON.readTree(first.body()).get("to"));
        assertThat(second.headers().firstValue("x-continuation-token")).isEmpty();
        assertThat(get("disclosures?patientId=" + UUID.randomUUID() + "&limit=2&continuationToken=" + token, complianceKey)
                .statusCode()).isEqualTo(400);
    }

    @Test
    void disclosures_badParameters_get400ProblemsAndAreNotAudited() throws Exception {
        String patient = UUID.randomUUID().toString();

        List<HttpResponse<String>> bad = List.of(
                get("disclosures", complianceKey),
                get("disclosures?patientId=not-a-uuid", complianceKey),
                get("disclosures?patientId=" + patient + "&clientId=x", complianceKey),
                get("disclosures?patientId=" + patient + "&format=xml", complianceKey),
                get("disclosures?patientId=" + patient + "&from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", complianceKey),
                get("disclosures?patientId=" + patient + "&from=2999-01-01T00:00:00Z", complianceKey),
                get("disclosures?patientId=" + patient + "&limit=1001", complianceKey));

        for (HttpResponse<String> response : bad) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
            assertThat(JSON.readTree(response.body()).get("errors").size()).isPositive();
        }
        assertThat(JSON.readTree(bad.get(0).body()).get("errors").has("patientId")).isTrue();
        assertThat(JSON.readTree(bad.get(2).body()).get("errors").has("clientId")).isTrue();
        assertThat(storedRecords()).isZero();
    }
}
