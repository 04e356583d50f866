package org.auditedrecords.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.auditedrecords.common.trace.TraceParent;
import org.auditedrecords.local.StackClient.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Idempotency-Key} through the gateway: the retry is answered again, audited as a replay, and writes once. */
class StackIdempotencyTest {
    @TempDir
    Path data;
    Stack stack;
    final StackClient client = new StackClient();

    @BeforeEach
    void start() {
        stack = Stack.start(StackSettings.ephemeral(data), line -> { });
    }

    @AfterEach
    void stop() throws Exception {
        stack.close();
        client.close();
    }

    private Reply send(String method, String path, String key, String body, String... headers) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("Ocp-Apim-Subscription-Key", key,
                "traceparent", TraceParent.newRoot().toString()));
        for (int i = 0; i < headers.length; i += 2) {
            all.put(headers[i], headers[i + 1]);
        }
        return client.send(method, URI.create(stack.gatewayUri() + path), all, body);
    }

    @Test
    void createPatient_retriedThroughTheGatewayWithOneKey_oneWriteTheSameAnswerAndAReplayedAuditRecord() {
        Reply first = send("POST", "/patient", stack.integratorKey(), StackEndToEndTest.PATIENT,
                "Idempotency-Key", "\"retry-1\"");
        Reply retry = send("POST", "/patient", stack.integratorKey(), StackEndToEndTest.PATIENT,
                "Idempotency-Key", "\"retry-1\"");
        Reply other = send("POST", "/patient", stack.integratorKey(), StackEndToEndTest.PATIENT.replace("Ada", "Ida"),
                "Idempotency-Key", "\"retry-1\"");

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("location")).isEqualTo(first.header("location"));
        assertThat(retry.header("etag")).isEqualTo(first.header("etag"));
        assertThat(retry.header("idempotent-replayed")).isEqualTo("true");
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.header("content-type")).startsWith("application/problem+json");
        String id = first.json().get("id").asText();
        assertThat(send("POST", "/patient/search", stack.integratorKey(), "{\"lastName\":\"Lovelace\"}").json())
                .singleElement().extracting(p -> p.get("id").asText()).isEqualTo(id);
        JsonNode trail = send("GET", "/audit/auditrecords?resourceId=" + id + "&action=create", stack.complianceKey(),
                null).json();
        assertThat(trail).extracting(r -> r.get("outcome").asText()).containsExactlyInAnyOrder("attempted", "replayed");
    }
}
