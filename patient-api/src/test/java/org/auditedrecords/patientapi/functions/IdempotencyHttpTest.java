package org.auditedrecords.patientapi.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.auditedrecords.audit.AuditRecord;
import org.auditedrecords.common.json.Json;
import org.auditedrecords.common.trace.TraceParent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Idempotency-Key} on both creates over real HTTP, with the real Audit API and store (see {@link TwoAppStack}):
 * replay, mismatch, concurrency, scope and bad keys, each checked in the response, the store and the audit register.
 */
class IdempotencyHttpTest {
    private static final String ADA = "{\"firstName\":\"Ada\",\"gender\":\"female\",\"dateOfBirth\":\"1815-12-10\","
            + "\"postCode\":\"W1 2AB\"}";
    private static final String TEST = "{\"performer\":\"Lab One\",\"orderReference\":\"ORD-1\",\"observations\":"
            + "[{\"id\":\"obs-1\",\"code\":\"718-7\",\"measurement\":\"13.2 g/dL\",\"interpretation\":\"normal\","
            + "\"issued\":\"2025-06-01T09:30:00Z\",\"status\":\"final\"}]}";

    @TempDir
    Path dir;
    TwoAppStack stack;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Reply(HttpResponse<String> response, String traceId) {
        int status() {
            return response.statusCode();
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        JsonNode json() throws IOException {
            return Json.newMapper().readTree(response.body());
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

    private CompletableFuture<Reply> sendAsync(String path, String body, String client, String key) {
        TraceParent trace = TraceParent.newRoot();
        HttpRequest.Builder request = HttpRequest.newBuilder(stack.patientApi().resolve(path))
                .timeout(Duration.ofSeconds(20)).header("x-functions-key", stack.gatewayKey())
                .header("x-caller-assertion", stack.assertion(client, "127.0.0.1", "r-" + trace.spanId()))
                .header("traceparent", trace.toString())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new Reply(response, trace.traceId()));
    }

    private Reply send(String path, String body, String client, String key) {
        return sendAsync(path, body, client, key).join();
    }

    @Test
    void createPatient_retriedWithTheSameKeyAndBody_replaysStatusBodyLocationAndETagWithNoSecondWrite()
            throws IOException {
        Reply first = send("patient", ADA, "integrator-1", "\"key-1\"");
        Reply retry = send("patient", ADA.replace(",", ", "), "integrator-1", "\"key-1\"");

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.response().body()).isEqualTo(first.response().body());
        assertThat(retry.header("location")).isEqualTo(first.header("location"));
        assertThat(retry.header("etag")).isEqualTo(first.header("etag")).isEqualTo("\"1\"");
        assertThat(retry.header("content-type")).isEqualTo("application/json; charset=utf-8");
        assertThat(retry.header("idempotent-replayed")).isEqualTo("true");
        assertThat(first.header("idempotent-replayed")).isNull();
        assertThat(stack.storedPatients()).isEqualTo(1);
        String id = first.json().get("id").asText();
        AuditRecord attempted = stack.auditsOf(first.traceId()).get(0);
        assertThat(stack.auditsOf(retry.traceId())).singleElement().satisfies(replayed -> {
            assertThat(replayed.entry().outcome()).isEqualTo("replayed");
            assertThat(replayed.entry().action()).isEqualTo("create");
            assertThat(replayed.entry().resource().id()).isEqualTo(id);
            assertThat(replayed.entry().relatesTo()).isEqualTo(attempted.id());
        });
    }

    @Test
    void createTest_retriedWithTheSameKey_replaysWithNoSecondTest() throws IOException {
        String patient = send("patient", ADA, "integrator-1", null).json().get("id").asText();

        Reply first = send("patient/" + patient + "/tests", TEST, "integrator-1", "t-key");
        Reply retry = send("patient/" + patient + "/tests", TEST, "integrator-1", "t-key");

        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.response().body()).isEqualTo(first.response().body());
        assertThat(retry.header("location")).isEqualTo(first.header("location"));
        assertThat(stack.storedTests()).isEqualTo(1);
    }

    @Test
    void createPatient_sameKeyOtherBody_is422ProblemAndChangesNothing() throws IOException {
        send("patient", ADA, "integrator-1", "key-1");

        Reply mismatch = send("patient", ADA.replace("Ada", "Augusta"), "integrator-1", "key-1");

        assertThat(mismatch.status()).isEqualTo(422);
        assertThat(mismatch.header("content-type")).isEqualTo("application/problem+json");
        assertThat(mismatch.json().get("type").asText()).isEqualTo("urn:auditedrecords:problem:unprocessable-content");
        assertThat(mismatch.json().get("detail").asText()).contains("different request");
        assertThat(mismatch.json().get("traceId").asText()).isEqualTo(mismatch.traceId());
        assertThat(stack.storedPatients()).isEqualTo(1);
        assertThat(stack.auditsOf(mismatch.traceId())).isEmpty();
    }

    @Test
    void createPatient_sameKeyFromAnotherCaller_isANewPatient() {
        send("patient", ADA, "integrator-1", "key-1");

        Reply theirs = send("patient", ADA, "integrator-2", "key-1");

        assertThat(theirs.status()).isEqualTo(201);
        assertThat(theirs.header("idempotent-replayed")).isNull();
        assertThat(stack.storedPatients()).isEqualTo(2);
    }

    @Test
    void createPatient_concurrentRequestsWithOneKey_writeOnceAndTheOthersReplayOrGet409() throws IOException {
        List<Reply> replies = Stream.generate(() -> sendAsync("patient", ADA, "integrator-1", "burst")).limit(8)
                .toList().stream().map(CompletableFuture::join).toList();

        assertThat(stack.storedPatients()).isEqualTo(1);
        assertThat(replies).extracting(Reply::status).containsOnly(201, 409).contains(201);
        assertThat(replies.stream().filter(r -> r.status() == 201 && r.header("idempotent-replayed") == null))
                .hasSize(1);
        for (Reply conflict : replies.stream().filter(r -> r.status() == 409).toList()) {
            assertThat(conflict.header("content-type")).isEqualTo("application/problem+json");
            assertThat(conflict.header("retry-after")).isEqualTo("1");
            assertThat(conflict.json().get("detail").asText()).contains("still in progress");
        }
    }

    @Test
    void createPatient_malformedKey_is400OnTheHeaderAndChangesNothing() throws IOException {
        Reply bad = send("patient", ADA, "integrator-1", "\"unterminated");

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.header("content-type")).isEqualTo("application/problem+json");
        assertThat(bad.json().get("errors").has("Idempotency-Key")).isTrue();
        assertThat(stack.storedPatients()).isZero();
    }
}
