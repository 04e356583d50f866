package org.auditedrecords.patientapi.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.auditedrecords.common.trace.TraceParent;
import org.auditedrecords.patientapi.functions.TwoAppStack;

/**
 * CreatePatient over HTTP, its audit call to the real Audit API included: both apps in this process on their own
 * functions hosts and embedded in-memory stores (see {@link TwoAppStack}). Prints requests per second and p50/p99
 * latency at 1 and 8 concurrent clients; run with {@code mvn -B -pl patient-api -am verify -Pbench -DskipTests}
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
        for (int clients : new int[] {1, 8}) {
            try (TwoAppStack stack = TwoAppStack.start(dir.resolve("run-" + clients))) {
                URI create = stack.patientApi().resolve("patient");
                run(http, create, stack, clients, WARM_UP);
                long start = System.nanoTime();
                long[] latencies = run(http, create, stack, clients, REQUESTS);
                double seconds = (System.nanoTime() - start) / 1e9;
                Arrays.sort(latencies);
                System.out.printf("%-14s %8d %9d %12.0f %10.2f %10.2f%n", "CreatePatient", clients, latencies.length,
                        latencies.length / seconds, latencies[latencies.length / 2] / 1e6,
                        latencies[(int) (latencies.length * 0.99)] / 1e6);
            }
        }
    }

    private static long[] run(HttpClient http, URI uri, TwoAppStack stack, int clients, int total) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    long[] times = new long[total / clients];
                    for (int i = 0; i < times.length; i++) {
                        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json").header("x-functions-key", stack.gatewayKey())
                                .header("x-caller-assertion", stack.assertion("bench", null, "bench-" + i))
                                .header("traceparent", TraceParent.newRoot().toString())
                                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
                        long t0 = System.nanoTime();
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        times[i] = System.nanoTime() - t0;
                        if (response.statusCode() != 201) {
                            throw new IllegalStateException("CreatePatient answered " + response.statusCode());
                        }
                    }
                    return times;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<long[]> future : futures) {
                for (long t : future.get()) {
                    all.add(t);
                }
            }
            return all.stream().mapToLong(Long::longValue).toArray();
        } finally {
            pool.shutdown();
        }
    }
}
