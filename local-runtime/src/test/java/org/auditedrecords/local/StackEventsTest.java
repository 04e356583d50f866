package org.auditedrecords.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.auditedrecords.common.json.Json;
import org.auditedrecords.common.mongo.ThrottlingRetry;
import org.auditedrecords.common.tls.LocalCertificate;
import org.auditedrecords.common.trace.TraceParent;
import org.auditedrecords.events.EventRelay;
import org.auditedrecords.events.Outbox;
import org.auditedrecords.events.PendingResource;
import org.auditedrecords.events.eventgrid.EventGridPublisher;
import org.auditedrecords.local.StackClient.Reply;
import org.auditedrecords.local.events.EventSettings;
import org.auditedrecords.local.events.ExampleSubscriber.Applied;
import org.auditedrecords.patientapi.store.PatientDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Committed-write events end to end: writes through the gateway, the Patient API's outbox, the scheduled relay, the
 * local Event Grid topic over HTTPS with the real Azure SDK client, and webhook delivery to the example subscriber.
 */
class StackEventsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path data;
    Stack stack;
    final StackClient client = new StackClient();

    @AfterEach
    void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
        client.close();
    }

    private Stack start(EventSettings events) {
        stack = Stack.start(StackSettings.ephemeral(data).withEvents(events), line -> { });
        return stack;
    }

    private Reply integrator(String method, String path, String body, String... extraHeaders) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Ocp-Apim-Subscription-Key", stack.integratorKey());
        headers.put("traceparent", TraceParent.newRoot().toString());
        for (int i = 0; i < extraHeaders.length; i += 2) {
            headers.put(extraHeaders[i], extraHeaders[i + 1]);
        }
        return client.send(method, URI.create(stack.gatewayUri() + path), headers, body);
    }

    private String createPatient() {
        Reply created = integrator("POST", "/patient", StackEndToEndTest.PATIENT);
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Enough relay runs and deliveries for anything still in flight to have arrived. */
    private void settle() throws InterruptedException {
        Thread.sleep(stack.boundSettings().events().relayInterval().multipliedBy(5).toMillis() + 500);
    }

    @Test
    void writes_throughTheGateway_eachCommittedWriteYieldsExactlyOneEventAndAFailedWriteNone() throws Exception {
        start(EventSettings.ephemeral());
        Reply created = integrator("POST", "/patient", StackEndToEndTest.PATIENT);
        String id = created.json().get("id").asText();
        String update = created.body().replace("\"W1 1AA\"", "\"W1 2BB\"");
        assertThat(integrator("PUT", "/patient/" + id, update, "If-Match", created.header("etag")).status()).isEqualTo(200);
        Reply test = integrator("POST", "/patient/" + id + "/tests", StackEndToEndTest.TEST_RESULT);
        String testId = test.json().get("id").asText();
        assertThat(integrator("PUT", "/patient/" + id + "/tests/" + testId, StackEndToEndTest.TEST_RESULT).status())
                .isEqualTo(200);

        assertThat(integrator("PUT", "/patient/" + id, update, "If-Match", "\"1\"").status()).isEqualTo(412);
        assertThat(integrator("POST", "/patient", "{\"firstName\":\"\"}").status()).isEqualTo(400);
        assertThat(integrator("POST", "/patient/00000000-0000-4000-8000-000000000000/tests",
                StackEndToEndTest.TEST_RESULT).status()).isEqualTo(404);
        await("four events arrived", () -> stack.subscriber().applied().size() >= 4);
        settle();

        List<Applied> applied = stack.subscriber().applied();
        assertThat(applied).extracting(Applied::type, Applied::subject, Applied::version).containsExactlyInAnyOrder(
                tuple("org.auditedrecords.PatientCreated", "patients/" + id, 1L),
                tuple("org.auditedrecords.PatientUpdated", "patients/" + id, 2L),
                tuple("org.auditedrecords.TestResultRecorded",
                        "patients/" + id + "/tests/" + testId, 1L),
                tuple("org.auditedrecords.TestResultUpdated",
                        "patients/" + id + "/tests/" + testId, 2L));
        assertThat(stack.subscriber().deliveries()).isEqualTo(4);
        Applied first = applied.stream().filter(a -> a.version() == 1 && a.subject().equals("patients/" + id))
                .findFirst().orElseThrow();
        List<String> fields = iterate(first.data());
        assertThat(fields).containsExactlyInAnyOrder("patientId", "version", "etag", "traceId");
        assertThat(first.data().get("etag").asText()).isEqualTo(created.header("etag"));
    }

    @Test
    void relay_killedBetweenPublishingAndClearing_theSubscriberGetsADuplicateItDedupesAndNothingIsLost()
            throws Exception {
        start(EventSettings.ephemeral());
        stack.relay().pause();
        String id = createPatient();

        try (PatientDatabase database = PatientDatabase.open(
                stack.vault().latest(StackSecrets.PATIENT_MONGODB_URI).value(), "patients", ThrottlingRetry.defaults())) {
            Outbox killedBeforeClearing = new Outbox() {
                @Override
                public List<PendingResource> pending(int limit) {
                    return database.outboxes().get(0).pending(limit);
                }

                @Override
                public void clear(PendingResource resource, List<String> eventIds) {
                    throw new IllegalStateException("relay killed between publishing and clearing");
                }
            };
            EventGridPublisher publisher = EventGridPublisher.withAccessKey(stack.topic().endpoint(),
                    () -> stack.vault().latest(StackSecrets.EVENT_GRID_KEY).value(),
                    Optional.of(LocalCertificate.in(data.resolve("eventgrid").resolve("tls"), "127.0.0.1").certificate()),
                    "patient-api", Json.newMapper());
            EventRelay dying = new EventRelay(List.of(killedBeforeClearing), publisher, 100, Clock.systemUTC());
            assertThatThrownBy(() -> dying.relay(Duration.ofSeconds(1))).hasMessageContaining("killed");
        }
        await("the published event arrived", () -> stack.subscriber().deliveries() >= 1);
        stack.relay().resume();
        await("the event was published again", () -> stack.subscriber().deliveries() >= 2);
        settle();

        assertThat(stack.subscriber().deliveries()).isEqualTo(2);
        assertThat(stack.subscriber().applied()).singleElement().extracting(Applied::subject)
                .isEqualTo("patients/" + id);
    }

    @Test
    void subscriberDown_writesSucceedAndEveryEventArrivesOnceItIsBack() throws Exception {
        start(EventSettings.ephemeral());
        stack.subscriber().stop();

        List<String> ids = List.of(createPatient(), createPatient(), createPatient());
        Thread.sleep(1500);
        assertThat(stack.subscriber().deliveries()).isZero();
        stack.subscriber().start();

        await("all three arrived", () -> stack.subscriber().applied().size() >= 3);
        assertThat(stack.subscriber().applied()).extracting(Applied::subject)
                .containsExactlyInAnyOrderElementsOf(ids.stream().map(id -> "patients/" + id).toList());
        assertThat(Files.exists(stack.deadLetterDir())).isFalse();
    }

    @Test
    void subscriberDownPastTheRetryBudget_theDeadLetterHoldsTheEventAndItIsNotDeliveredLater() throws Exception {
        start(EventSettings.ephemeral().withDelivery(3, Duration.ofMillis(100), Duration.ofMillis(200)));
        stack.subscriber().stop();

        String id = createPatient();
        Path letters = stack.deadLetterDir().resolve(Stack.EXAMPLE_SUBSCRIPTION);
        await("the event was dead-lettered", () -> Files.isDirectory(letters) && count(letters) == 1);
        stack.subscriber().start();
        settle();

        JsonNode letter;
        try (Stream<Path> files = Files.list(letters)) {
            letter = Json.newMapper().readTree(Files.readString(files.findFirst().orElseThrow()));
        }
        assertThat(letter.get("subject").asText()).isEqualTo("patients/" + id);
        assertThat(letter.get("type").asText()).isEqualTo("org.auditedrecords.PatientCreated");
        assertThat(letter.get("deadletterreason").asText()).isEqualTo("MaxDeliveryAttemptsExceeded");
        assertThat(letter.get("deliveryattempts").asInt()).isEqualTo(3);
        assertThat(letter.get("lastdeliveryoutcome").asText()).isEqualTo("the subscriber could not be reached");
        assertThat(stack.subscriber().deliveries()).isZero();
    }

    private static long count(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static List<String> iterate(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
