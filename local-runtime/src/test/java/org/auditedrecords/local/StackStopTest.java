package org.auditedrecords.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.auditedrecords.common.secrets.Keys;
import org.auditedrecords.local.StackClient.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack stopped the ways real ones are, under load from eight clients: killed (SIGKILL) it loses no
 * acknowledged create and leaves none without its audit record; terminated (SIGTERM) it drains, closes its
 * stores and exits within the drain timeout, and again loses nothing.
 */
class StackStopTest {
    private static final int CLIENTS = 8;
    private static final Duration DRAIN = Duration.ofSeconds(3);
    private final String integratorKey = Keys.newKey();
    private final String complianceKey = Keys.newKey();

    @Test
    void sigkillUnderLoad_everyAcknowledgedCreateSurvivesWithItsAuditRecord(@TempDir Path data) throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (StackProcess stack = start(data)) {
            loadUntil(stack.gateway(), acknowledged, stack::kill);
        }

        try (StackProcess stack = start(data); StackClient client = new StackClient()) {
            assertAllStoredAndAudited(client, stack.gateway(), acknowledged);
        }
    }

    @Test
    void sigtermUnderLoad_drainsClosesTheStoresAndExitsWithinTheDrainTimeout(@TempDir Path data) throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Duration[] exit = new Duration[1];
        List<String> output;
        try (StackProcess stack = start(data)) {
            loadUntil(stack.gateway(), acknowledged, () -> exit[0] = stack.terminate(DRAIN.plusSeconds(10)));
            output = stack.output();
        }

        assertThat(exit[0]).isLessThan(DRAIN.plusSeconds(5));
        assertThat(output).contains("Stopped.");
        assertThat(output).noneMatch(line -> line.contains("Could not close"));
        try (StackProcess stack = start(data); StackClient client = new StackClient()) {
            assertAllStoredAndAudited(client, stack.gateway(), acknowledged);
        }
    }

    private StackProcess start(Path data) throws Exception {
        return StackProcess.start(data, Map.of("STACK_INTEGRATOR_KEY", integratorKey,
                "STACK_COMPLIANCE_KEY", complianceKey, "STACK_RATE_LIMIT_CALLS", "1000000",
                "STACK_DRAIN_TIMEOUT", DRAIN.toString()));
    }

    private interface Stop {
        void stop() throws Exception;
    }

    /** Creates patients from eight clients until a good number are acknowledged, then stops the stack mid-load. */
    private void loadUntil(URI gateway, Set<String> acknowledged, Stop stop) throws Exception {
        AtomicBoolean stopping = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        try (StackClient client = new StackClient()) {
            for (int c = 0; c < CLIENTS; c++) {
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < 5_000 && !stopping.get(); i++) {
                        Reply reply;
                        try {
                            reply = client.send("POST", gateway.resolve("/patient"), integrator(), StackEndToEndTest.PATIENT);
                        } catch (AssertionError refusedOrCut) {
                            continue;
                        }
                        if (reply.status() == 201) {
                            acknowledged.add(reply.json().get("id").asText());
                        }
                    }
                });
                thread.start();
                clients.add(thread);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (acknowledged.size() < 150 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            stop.stop();
            stopping.set(true);
            for (Thread thread : clients) {
                thread.join();
            }
        }
        assertThat(acknowledged).as("creates acknowledged before the stop").hasSizeGreaterThanOrEqualTo(150);
    }

    private void assertAllStoredAndAudited(StackClient client, URI gateway, Set<String> acknowledged) {
        for (String id : acknowledged) {
            assertThat(client.send("GET", gateway.resolve("/patient/" + id), integrator(), null).status())
                    .as("patient %s", id).isEqualTo(200);
            JsonNode trail = client.send("GET", gateway.resolve("/audit/auditrecords?patientId=" + id + "&action=create"),
                    compliance(), null).json();
            assertThat(trail).as("create audit record of %s", id)
                    .anyMatch(r -> r.get("outcome").asText().equals("attempted"));
        }
        Reply verify = client.send("GET", gateway.resolve("/audit/auditrecords/verify"), compliance(), null);
        assertThat(verify.json().get("intact").asBoolean()).as(verify.body()).isTrue();
    }

    private Map<String, String> integrator() {
        return Map.of("Ocp-Apim-Subscription-Key", integratorKey, "Content-Type", "application/json");
    }

    private Map<String, String> compliance() {
        return Map.of("Ocp-Apim-Subscription-Key", complianceKey);
    }
}
