package org.auditedrecords.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.auditedrecords.local.StackClient.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both apps' keys rotate while a bounded load runs through the gateway: no request fails, old keys die after. */
class RotationUnderLoadTest {
    private static final int WORKERS = 4;
    private static final Duration MAX_LOAD = Duration.ofSeconds(60);

    @TempDir
    Path data;

    @Test
    void rotate_bothAppsUnderLoad_noFailedRequestAndOldKeysRefused() throws Exception {
        StackSettings settings = StackSettings.ephemeral(data);
        settings = settings.withRateLimit(100_000, Duration.ofSeconds(10)).withKeyTimings(Duration.ofSeconds(1),
                Duration.ofSeconds(3));
        try (Stack stack = Stack.start(settings, line -> { });
             StackClient client = new StackClient()) {
            String oldPatientKey = stack.vault().latest(StackSecrets.PATIENT_API_KEY).value();
            String oldCreateKey = stack.vault().latest(StackSecrets.AUDIT_CREATE_KEY).value();
            String oldQueryKey = stack.vault().latest(StackSecrets.AUDIT_QUERY_KEY).value();
            AtomicBoolean rotating = new AtomicBoolean(true);
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
            List<Future<Integer>> workers = new ArrayList<>();
            long deadline = System.nanoTime() + MAX_LOAD.toNanos();
            for (int w = 0; w < WORKERS; w++) {
                workers.add(pool.submit(() -> {
                    int requests = 0;
                    while (rotating.get() && System.nanoTime() < deadline) {
                        Reply created = client.send("POST", URI.create(stack.gatewayUri() + "/patient"),
                                Map.of("Ocp-Apim-Subscription-Key", stack.integratorKey(), "Content-Type", "application/json"),
                                StackEndToEndTest.PATIENT);
                        requests++;
                        if (created.status() != 201) {
                            failures.add("create " + created.status() + " " + created.body());
                            continue;
                        }
                        String id = created.json().get("id").asText();
                        Reply trail = client.send("GET", URI.create(stack.gatewayUri() + "/audit/auditrecords?patientId=" + id),
                                Map.of("Ocp-Apim-Subscription-Key", stack.complianceKey()), null);
                        requests++;
                        if (trail.status() != 200 || trail.json().size() < 1) {
                            failures.add("audit query " + trail.status() + " " + trail.body());
                        }
                    }
                    return requests;
                }));
            }

            KeyRotation rotation = new KeyRotation(stack.vault(), overlap -> Thread.sleep(overlap.toMillis()), line -> { });
            Thread.sleep(500);
            rotation.rotate("patient-api", settings.rotationOverlap());
            rotation.rotate("audit-api", settings.rotationOverlap());
            Thread.sleep(1500);
            rotating.set(false);
            int total = 0;
            for (Future<Integer> worker : workers) {
                total += worker.get();
            }
            pool.shutdown();

            assertThat(failures).isEmpty();
            assertThat(total).as("requests during the rotations").isGreaterThan(40);
            assertThat(System.nanoTime()).as("rotations finished before the load's time bound").isLessThan(deadline);
            LocalNetwork network = LocalNetwork.load();
            try (StackClient fromGateway = new StackClient(network.address("gateway"));
                 StackClient fromPatientApi = new StackClient(network.address("patient-api"))) {
                assertThat(fromGateway.send("POST", URI.create(stack.patientApiUri() + "/api/patient/search"),
                        Map.of("x-functions-key", oldPatientKey), "{}").status()).isEqualTo(401);
                assertThat(fromGateway.send("GET", URI.create(stack.auditApiUri() + "/api/auditrecords"),
                        Map.of("x-functions-key", oldQueryKey), null).status()).isEqualTo(401);
                assertThat(fromPatientApi.send("POST", URI.create(stack.auditApiUri() + "/api/auditrecord"),
                        Map.of("x-functions-key", oldCreateKey), "{}").status()).isEqualTo(401);
                assertThat(fromGateway.send("POST", URI.create(stack.patientApiUri() + "/api/patient/search"),
                        Map.of("x-functions-key", stack.vault().latest(StackSecrets.PATIENT_API_KEY).value()), "{}").status())
                        .isEqualTo(200);
            }
            assertThat(stack.vault().versions(StackSecrets.PATIENT_API_KEY)).filteredOn(v -> v.enabled()).hasSize(1);
        }
    }
}
