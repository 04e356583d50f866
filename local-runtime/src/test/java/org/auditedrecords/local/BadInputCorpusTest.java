package org.auditedrecords.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.auditedrecords.local.StackClient.Reply;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input of every kind, sent over a socket to the real local gateway with both apps behind it: encoded and
 * double-encoded paths, {@code %00}, {@code %2F}, dot segments, overlong paths and headers, every undefined method on
 * every route, missing, repeated and wrong content types, invalid UTF-8, duplicate keys, deep nesting, huge numbers,
 * wrong types for every field, out-of-range limits and forged continuation tokens, forged caller identities.
 *
 * <p>Each must get the expected 4xx as {@code application/problem+json} with a trace id and no server details, and
 * change nothing: the stores hold exactly what they held, and the register gains no record but the {@code notFound}
 * reads the contract requires for ids that name nothing — never a write, never a success, never in another's name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputCorpusTest {
    private static final String UNKNOWN = "00000000-0000-4000-8000-000000000000";
    private static final String PATIENT = StackEndToEndTest.PATIENT;
    private static final String TEST = StackEndToEndTest.TEST_RESULT;
    private static final String SPOOFED = "someone-else";

    Stack stack;
    final StackClient client = new StackClient();
    MongoClient store;
    String patientId;
    String testId;
    Document patientAsStored;
    Document testAsStored;
    long auditedBeyondNotFound;

    /** One request of the corpus and the status it must get. */
    record Case(String name, String method, String target, List<String[]> headers, byte[] body, int status,
                String errorField) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    void startStackWithOnePatientAndTest(@TempDir Path data) {
        stack = Stack.start(StackSettings.ephemeral(data), line -> { });
        store = MongoClients.create("mongodb://127.0.0.1:" + stack.boundSettings().patientStorePort());
        Map<String, String> key = Map.of("Ocp-Apim-Subscription-Key", stack.integratorKey());
        patientId = client.send("POST", URI.create(stack.gatewayUri() + "/patient"), key, PATIENT).json().get("id").asText();
        testId = client.send("POST", URI.create(stack.gatewayUri() + "/patient/" + patientId + "/tests"), key, TEST)
                .json().get("id").asText();
        patientAsStored = stored(patients(), patientId);
        testAsStored = stored(tests(), testId);
        auditedBeyondNotFound = integratorAuditsBeyondNotFound();
    }

    @AfterAll
    void stop() throws Exception {
        store.close();
        stack.close();
        client.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void request_badInput_isAProblemAndChangesNothing(Case c) throws Exception {
        RawHttpClient.Response response = RawHttpClient.exchange(stack.gatewayUri(), c.method(), c.target(), c.headers(),
                c.body());

        assertThat(response.status()).as(c.name()).isEqualTo(c.status());
        if (!c.method().equals("HEAD")) {
            assertThat(response.header("content-type")).as(c.name()).isEqualTo("application/problem+json");
            JsonNode problem = StackClient.JSON.readTree(response.body());
            assertThat(problem.path("type").asText()).startsWith("urn:auditedrecords:problem:");
            assertThat(problem.path("title").asText()).isNotBlank();
            assertThat(problem.path("status").asInt()).isEqualTo(c.status());
            assertThat(problem.path("traceId").asText()).matches("[0-9a-f]{32}");
            if (c.errorField() != null) {
                assertThat(problem.path("errors").has(c.errorField())).as(response.body()).isTrue();
            }
            assertThat(response.body()).doesNotContain("127.0.20.1", "127.0.30.1", "/api/", "<html")
                    .doesNotContainIgnoringCase("jetty").doesNotContainIgnoringCase("exception");
        }
        assertThat(patients().countDocuments()).as("patients stored").isEqualTo(1);
        assertThat(tests().countDocuments()).as("tests stored").isEqualTo(1);
        assertThat(stored(patients(), patientId)).isEqualTo(patientAsStored);
        assertThat(stored(tests(), testId)).isEqualTo(testAsStored);
        assertThat(integratorAuditsBeyondNotFound()).as("audit records other than notFound reads")
                .isEqualTo(auditedBeyondNotFound);
    }

    /**
     * A document as the API keeps it. The outbox is left out: the event relay clears it in the background once the
     * set-up writes' events are published, which is not a change any request made.
     */
    private static Document stored(com.mongodb.client.MongoCollection<Document> collection, String id) {
        return collection.find(Filters.eq("_id", id)).projection(com.mongodb.client.model.Projections.exclude("outbox"))
                .first();
    }

    @Test
    void corpus_spoofedIdentityHeaders_neverNameAnotherCallerInTheRegister() throws Exception {
        List<String[]> spoofing = headers("x-client-id", SPOOFED, "x-forwarded-for", "198.51.100.1",
                "x-request-id", "chosen-by-client", "x-caller-assertion", "e30.e30.e30");
        RawHttpClient.Response read = RawHttpClient.exchange(stack.gatewayUri(), "GET", "/patient/" + UNKNOWN,
                withKey(spoofing), null);

        assertThat(read.status()).isEqualTo(404);
        JsonNode mine = StackClient.JSON.readTree(audits("clientId=integrator-local&resourceId=" + UNKNOWN).body());
        assertThat(mine).isNotEmpty();
        assertThat(mine.get(mine.size() - 1).get("actor").get("requestId").asText()).isNotEqualTo("chosen-by-client");
        assertThat(mine.get(mine.size() - 1).get("actor").get("address").asText()).isEqualTo("127.0.0.1");
        assertThat(StackClient.JSON.readTree(audits("clientId=" + SPOOFED).body())).isEmpty();
    }

    Stream<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        paths(cases);
        methods(cases);
        keysAndHeaders(cases);
        contentTypes(cases);
        patientBodies(cases);
        testBodies(cases);
        paging(cases);
        return cases.stream();
    }

    private void paths(List<Case> cases) {
        // Encodings the gateway decodes once and forwards inside their segment: an id that names nothing (404).
        for (String segment : List.of("a%20b", "a%3Fx=1", "a%23b", "a+b", patientId + "%3F",
                patientId + "%23", "%C3%A9")) {
            cases.add(get("path segment " + segment, "/patient/" + segment, 404));
        }
        // Undecodable or ambiguous: refused before anything is forwarded.
        for (String segment : List.of("a%2Fb", "a%2fb", "a%5Cb", "%00", "a%0Ab", "%zz", "%", "%4", "%C0%AE", "%FF",
                "%252F", "%25", "%2541",
                "%ED%A0%80", "..", "%2e%2e", ".", "..%2F..%2Fetc", "\u00e9")) {
            cases.add(get("path segment " + segment, "/patient/" + segment, 400));
        }
        cases.add(get("dot segment before an id", "/patient/./" + patientId, 400));
        cases.add(get("dot segments out of the API", "/patient/../audit/auditrecords", 400));
        cases.add(get("dot segments in tests", "/patient/" + patientId + "/tests/..%2F..%2F", 400));
        cases.add(get("empty segment", "/patient//" + patientId, 404));
        cases.add(get("empty segments", "/patient/" + patientId + "//tests", 404));
        cases.add(get("overlong path", "/patient/" + "a".repeat(3000), 400));
        cases.add(get("path beyond the request-line limit", "/patient/" + "a".repeat(20_000), 414));
        cases.add(get("malformed query encoding", "/patient/" + patientId + "?x=%zz", 400));
        cases.add(get("path outside every API", "/api/patient/" + patientId, 404));
        cases.add(get("root", "/", 404));
    }

    private void methods(List<Case> cases) {
        Map<String, List<String>> undefined = Map.of(
                "/patient", List.of("GET", "PUT", "DELETE", "PATCH", "OPTIONS"),
                "/patient/search", List.of("DELETE", "PATCH", "OPTIONS"),
                "/patient/" + patientId, List.of("POST", "DELETE", "PATCH", "OPTIONS"),
                "/patient/" + patientId + "/tests", List.of("PUT", "DELETE", "PATCH", "OPTIONS"),
                "/patient/" + patientId + "/tests/" + testId, List.of("POST", "DELETE", "PATCH", "OPTIONS"));
        undefined.forEach((route, methods) -> methods.forEach(method -> cases.add(new Case(method + " " + route, method,
                route, withKey(headers("Content-Type", "application/json")), "{}".getBytes(StandardCharsets.UTF_8), 404,
                null))));
        // GET and PUT of /patient/search are LoadPatient and UpdatePatient of the id "search", which names nothing.
        cases.add(get("GET /patient/search", "/patient/search", 404));
        cases.add(new Case("PUT /patient/search", "PUT", "/patient/search", withKey(headers("Content-Type",
                "application/json")), "{}".getBytes(StandardCharsets.UTF_8), 400, null));
        List<String[]> compliance = headers("Ocp-Apim-Subscription-Key", stack.complianceKey());
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            cases.add(new Case(method + " /audit/auditrecords", method, "/audit/auditrecords", compliance, null, 404, null));
        }
        cases.add(new Case("CreateAuditRecord through the gateway", "POST", "/audit/auditrecord", compliance,
                "{}".getBytes(StandardCharsets.UTF_8), 404, null));
        for (String query : List.of("limit=0", "limit=100000", "continuationToken=abc", "from=yesterday",
                "patientId=%zz")) {
            cases.add(new Case("audit query " + query, "GET", "/audit/auditrecords?" + query, compliance, null, 400,
                    null));
        }
        cases.add(new Case("HEAD of a patient", "HEAD", "/patient/" + patientId, withKey(List.of()), null, 404, null));
        cases.add(new Case("unknown method", "PURGE", "/patient/" + patientId, withKey(List.of()), null, 404, null));
    }

    private void keysAndHeaders(List<Case> cases) {
        String patient = "/patient/" + patientId;
        cases.add(new Case("no subscription key", "GET", patient, List.of(), null, 401, null));
        cases.add(new Case("wrong subscription key", "GET", patient, headers("Ocp-Apim-Subscription-Key", "nope"), null,
                401, null));
        cases.add(new Case("compliance key on patients", "GET", patient,
                headers("Ocp-Apim-Subscription-Key", stack.complianceKey()), null, 401, null));
        cases.add(new Case("wrong key in the query", "GET", patient + "?subscription-key=nope", List.of(), null, 401, null));
        cases.add(new Case("integrator key on the register", "GET", "/audit/auditrecords", withKey(List.of()), null, 401,
                null));
        cases.add(new Case("overlong key", "GET", patient, headers("Ocp-Apim-Subscription-Key", "k".repeat(20_000)), null,
                431, null));
        cases.add(new Case("overlong header", "GET", patient, withKey(headers("X-Big", "b".repeat(20_000))), null, 431,
                null));
        cases.add(new Case("garbage traceparent", "POST", "/patient", withKey(headers("traceparent", "00-zz-zz-01",
                "Content-Type", "application/json")), "{\"firstName\":1}".getBytes(StandardCharsets.UTF_8), 400,
                "firstName"));
        cases.add(new Case("spoofed identity on a write", "POST", "/patient", withKey(headers("x-client-id", SPOOFED,
                "x-caller-assertion", "e30.e30.e30", "Content-Type", "application/json")),
                "{\"firstName\":1}".getBytes(StandardCharsets.UTF_8), 400, "firstName"));
    }

    private void contentTypes(List<Case> cases) {
        // A valid body each time: only the content type stands between it and a write.
        for (String type : List.of("text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/xml", "application/json; charset=iso-8859-1",
                "application/json, text/plain", "application/octet-stream", "json")) {
            cases.add(post("Content-Type " + type, "/patient", headers("Content-Type", type), PATIENT, 415, null));
        }
        cases.add(post("two Content-Type headers", "/patient", headers("Content-Type", "application/json",
                "Content-Type", "text/plain"), PATIENT, 415, null));
        cases.add(post("no Content-Type, malformed JSON", "/patient", List.of(), "{", 400, null));
        cases.add(post("search as a form", "/patient/search", headers("Content-Type",
                "application/x-www-form-urlencoded"), "lastName=Lovelace", 415, null));
        cases.add(post("test as text", "/patient/" + patientId + "/tests", headers("Content-Type", "text/plain"), TEST,
                415, null));
    }

    private void patientBodies(List<Case> cases) {
        String valid = PATIENT.substring(1, PATIENT.length() - 1);
        byte[] latin1 = PATIENT.replace("Ada", "Ad\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        cases.add(json("invalid UTF-8", "/patient", latin1, 400, null));
        cases.add(json("lone surrogate bytes", "/patient", concat("{\"firstName\":\"", new byte[] {(byte) 0xED,
                (byte) 0xA0, (byte) 0x80}, "\",\"gender\":\"female\"}"), 400, null));
        cases.add(jsonText("duplicate keys", "/patient", "{\"firstName\":\"Eve\"," + valid + "}", 400));
        cases.add(jsonText("deep nesting", "/patient", "{\"firstName\":" + "[".repeat(40) + "]".repeat(40) + "}", 400));
        cases.add(jsonText("huge exponent", "/patient", "{" + valid.replace("\"Ada\"", "1e400") + "}", 400, "firstName"));
        cases.add(jsonText("huge integer", "/patient", "{" + valid.replace("\"W1 1AA\"", "1".repeat(400)) + "}", 400,
                "postCode"));
        for (String field : List.of("firstName", "lastName", "fullName", "gender", "dateOfBirth", "postCode",
                "insuranceNumber", "preferredContactNumber")) {
            for (String wrong : List.of("1", "true", "[]", "{}")) {
                String body = "{" + valid + ",\"" + field + "\":" + wrong + "}";
                // The sample sets some of these fields; a second value for them is a duplicate key, refused as such.
                boolean duplicate = valid.contains("\"" + field + "\"");
                cases.add(jsonText(field + " as " + wrong, "/patient",
                        duplicate ? "{" + valid.replaceAll("\"" + field + "\":\"[^\"]*\"", "\"" + field + "\":" + wrong) + "}"
                                : body, 400, field));
            }
        }
        cases.add(jsonText("required field null", "/patient", "{" + valid.replace("\"Ada\"", "null") + "}", 400,
                "firstName"));
        cases.add(jsonText("client-chosen id", "/patient", "{\"id\":\"" + UNKNOWN + "\"," + valid + "}", 400, "id"));
        cases.add(jsonText("client-chosen lastUpdated", "/patient", "{\"lastUpdated\":\"2020-01-01T00:00:00Z\","
                + valid + "}", 400, "lastUpdated"));
        cases.add(jsonText("unknown field", "/patient", "{\"colour\":\"red\"," + valid + "}", 400, "colour"));
        cases.add(jsonText("control character", "/patient", "{" + valid.replace("\"Ada\"", "\"Ada\\u0000\"") + "}",
                400, "firstName"));
        cases.add(jsonText("name too long", "/patient", "{" + valid.replace("\"Ada\"", "\"" + "a".repeat(65) + "\"")
                + "}", 400, "firstName"));
        cases.add(jsonText("future birth", "/patient", "{" + valid.replace("1815-12-10", "2999-01-01") + "}", 400,
                "dateOfBirth"));
        cases.add(jsonText("impossible birth", "/patient", "{" + valid.replace("1815-12-10", "1815-13-40") + "}", 400,
                "dateOfBirth"));
        for (String body : List.of("[]", "null", "\"x\"", "1", "{", "{} {}", " ")) {
            cases.add(jsonText("body " + body, "/patient", body, 400));
        }
        cases.add(json("empty body", "/patient", new byte[0], 400, null));
        cases.add(jsonText("over 1 MiB", "/patient", "{\"firstName\":\"" + "x".repeat(1024 * 1024) + "\"}", 413));
        cases.add(jsonText("over the gateway's limit", "/patient", "{\"firstName\":\"" + "x".repeat(5 * 1024 * 1024)
                + "\"}", 413));
        cases.add(new Case("update with another id", "PUT", "/patient/" + patientId,
                withKey(headers("Content-Type", "application/json")),
                ("{\"id\":\"" + UNKNOWN + "\"," + valid + "}").getBytes(StandardCharsets.UTF_8), 400, "id"));
        cases.add(new Case("update with wrong types", "PUT", "/patient/" + patientId,
                withKey(headers("Content-Type", "application/json")),
                "{\"firstName\":[],\"gender\":5}".getBytes(StandardCharsets.UTF_8), 400, "gender"));
        cases.add(jsonText("search by a number", "/patient/search", "{\"gender\":5}", 400, "gender"));
        cases.add(jsonText("search by a bad date", "/patient/search", "{\"dateOfBirthFrom\":\"x\"}", 400,
                "dateOfBirthFrom"));
        cases.add(jsonText("search by lastUpdated", "/patient/search", "{\"lastUpdated\":\"2020-01-01\"}", 400,
                "lastUpdated"));
        cases.add(jsonText("search by an unknown field", "/patient/search", "{\"colour\":\"red\"}", 400, "colour"));
    }

    private void testBodies(List<Case> cases) {
        String tests = "/patient/" + patientId + "/tests";
        String observation = "{\"id\":\"o1\",\"code\":\"718-7\",\"measurement\":\"13.2 g/dL\",\"interpretation\":\"normal\","
                + "\"issued\":\"2026-11-01T10:00:00Z\",\"status\":\"final\"}";
        cases.add(jsonText("performer as a number", tests, TEST.replace("\"Lab A\"", "1"), 400, "performer"));
        cases.add(jsonText("orderReference as an array", tests, TEST.replace("\"ORD-1\"", "[]"), 400, "orderReference"));
        cases.add(jsonText("observations as a string", tests, "{\"performer\":\"Lab\",\"orderReference\":\"O\","
                + "\"observations\":\"x\"}", 400, "observations"));
        cases.add(jsonText("no observations", tests, "{\"performer\":\"Lab\",\"orderReference\":\"O\",\"observations\":[]}",
                400, "observations"));
        cases.add(jsonText("101 observations", tests, "{\"performer\":\"Lab\",\"orderReference\":\"O\",\"observations\":["
                + String.join(",", java.util.Collections.nCopies(101, observation)) + "]}", 400, "observations"));
        cases.add(jsonText("observation code as a number", tests, TEST.replace("\"718-7\"", "7187"), 400,
                "observations[0].code"));
        cases.add(jsonText("observation issued not a time", tests, TEST.replace("2026-11-01T10:00:00Z", "yesterday"), 400,
                "observations[0].issued"));
        cases.add(jsonText("another patient's id in the body", tests, "{\"patientId\":\"" + UNKNOWN + "\","
                + TEST.substring(1), 400, "patientId"));
        cases.add(jsonText("malformed patient id", "/patient/1/tests", TEST, 400, "patientId"));
        cases.add(jsonText("encoded patient id", "/patient/a%20b/tests", TEST, 400, "patientId"));
        cases.add(new Case("test update with wrong types", "PUT", tests + "/" + testId,
                withKey(headers("Content-Type", "application/json")),
                "{\"performer\":false}".getBytes(StandardCharsets.UTF_8), 400, "performer"));
    }

    private void paging(List<Case> cases) {
        String tests = "/patient/" + patientId + "/tests";
        for (String limit : List.of("0", "101", "-1", "abc", "1.5", "99999999999", "1e2")) {
            cases.add(post("search limit " + limit, "/patient/search?limit=" + limit, headers("Content-Type",
                    "application/json"), "{}", 400, "limit"));
            cases.add(get("tests limit " + limit, tests + "?limit=" + limit, 400, "limit"));
        }
        String forgedPosition = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"i\":\"../../x\",\"q\":\"0000000000000000\"}".getBytes(StandardCharsets.UTF_8));
        String otherPatients = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"i\":\"" + UNKNOWN + "\",\"q\":\"" + org.auditedrecords.common.paging.ContinuationToken.fingerprint(
                        Map.of("patientId", UNKNOWN)) + "\"}").getBytes(StandardCharsets.UTF_8));
        for (String token : List.of("abc", "%25", forgedPosition, otherPatients, "eyJ9", "A".repeat(2000))) {
            String shown = token.length() > 20 ? token.substring(0, 20) + "..." : token;
            cases.add(post("search token " + shown, "/patient/search?continuationToken=" + token,
                    headers("Content-Type", "application/json"), "{}", 400, "continuationToken"));
            cases.add(get("tests token " + shown, tests + "?continuationToken=" + token, 400, "continuationToken"));
        }
    }

    // ---- building cases and reading the stores ------------------------------------------------------------

    private Case get(String name, String target, int status) {
        return get(name, target, status, null);
    }

    private Case get(String name, String target, int status, String errorField) {
        return new Case(name, "GET", target, withKey(List.of()), null, status, errorField);
    }

    private Case post(String name, String target, List<String[]> headers, String body, int status, String errorField) {
        return new Case(name, "POST", target, withKey(headers), body.getBytes(StandardCharsets.UTF_8), status, errorField);
    }

    private Case jsonText(String name, String target, String body, int status) {
        return jsonText(name, target, body, status, null);
    }

    private Case jsonText(String name, String target, String body, int status, String errorField) {
        return json(name, target, body.getBytes(StandardCharsets.UTF_8), status, errorField);
    }

    private Case json(String name, String target, byte[] body, int status, String errorField) {
        return new Case(name, "POST", target, withKey(headers("Content-Type", "application/json")), body, status,
                errorField);
    }

    private List<String[]> withKey(List<String[]> headers) {
        List<String[]> all = new ArrayList<>(headers);
        all.add(0, new String[] {"Ocp-Apim-Subscription-Key", stack.integratorKey()});
        return all;
    }

    private static List<String[]> headers(String... pairs) {
        List<String[]> headers = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            headers.add(new String[] {pairs[i], pairs[i + 1]});
        }
        return headers;
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        byte[] a = before.getBytes(StandardCharsets.UTF_8);
        byte[] c = after.getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(a, a.length + middle.length + c.length);
        System.arraycopy(middle, 0, all, a.length, middle.length);
        System.arraycopy(c, 0, all, a.length + middle.length, c.length);
        return all;
    }

    private com.mongodb.client.MongoCollection<Document> patients() {
        return store.getDatabase("patients").getCollection("patients");
    }

    private com.mongodb.client.MongoCollection<Document> tests() {
        return store.getDatabase("patients").getCollection("tests");
    }

    private Reply audits(String query) {
        return client.send("GET", URI.create(stack.gatewayUri() + "/audit/auditrecords?limit=100&" + query),
                Map.of("Ocp-Apim-Subscription-Key", stack.complianceKey()), null);
    }

    /** The integrator's audit records other than reads of nothing, as the register's NDJSON export counts them. */
    private long integratorAuditsBeyondNotFound() {
        Reply export = client.send("GET", URI.create(stack.gatewayUri()
                        + "/audit/auditrecords?clientId=integrator-local&format=ndjson&limit=1000"),
                Map.of("Ocp-Apim-Subscription-Key", stack.complianceKey()), null);
        assertThat(export.status()).isEqualTo(200);
        return export.body().lines().filter(line -> !line.isBlank())
                .filter(line -> !line.contains("\"outcome\":\"notFound\"")).count();
    }
}
