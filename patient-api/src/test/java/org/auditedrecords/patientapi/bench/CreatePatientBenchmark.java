package org.auditedrecords.patientapi.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.auditedrecords.common.bench.ClosedLoop;
import org.auditedrecords.common.trace.TraceParent;
import org.auditedrecords.patientapi.functions.TwoAppStack;

/**
 * CreatePatient over HTTP, its audit call to the real Audit API included: both apps in this process on their own
 * functions hosts and embedded in-memory stores (see {@link TwoAppStack}). Prints requests per second and p50/p99
 * latency at 1, 8 and 16 concurrent clients; run with {@code mvn -B -pl patient-api -am verify -Pbench -DskipTests}
 * (with {@code -am} the Audit API's own append benchmark runs first). Every request is bounded in count and goes to
 * loopback only.
 */
public final class CreatePatientBenchmark {
    private static final int REQUESTS = Integer.getInteger("bench.requests", 2000);
    private static final int WARM_UP = Integer.getInteger("bench.warmup", 400);
    private static final String BODY = "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"gender\":\"female\","
            + "\"dateOfBirth\":\"1815-12-10\",\"postCode\":\"W1 2AB\"}";

    private CreatePatientBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("patient-bench");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        System.out.printf("%-14s %8s %9s %12s %10s %10s%n", "operation", "clients", "requests", "requests/s",
                "p50 ms", "p99 ms");
        for (int clients : new int[] {1, 8, 16}) {
            try (TwoAppStack stack = TwoAppStack.start(dir.resolve("run-" + clients))) {
                URI create = stack.patientApi().resolve("patient");
                run(http, create, stack, clients, WARM_UP);
                ClosedLoop.Figures f = run(http, create, stack, clients, REQUESTS);
                System.out.printf("%-14s %8d %9d %12.0f %10.2f %10.2f%n", "CreatePatient", clients, f.calls(),
                        f.perSecond(), f.p50Millis(), f.p99Millis());
            }
        }
    }

    private static ClosedLoop.Figures run(HttpClient http, URI uri, TwoAppStack stack, int clients, int total)
            throws Exception {
        return ClosedLoop.run(clients, total, () -> {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("x-functions-key", stack.gatewayKey())
                    .header("x-caller-assertion", stack.assertion("bench", null, "bench-" + UUID.randomUUID()))
                    .header("traceparent", TraceParent.newRoot().toString())
                    .POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("CreatePatient answered " + response.statusCode());
            }
        });
    }
}
