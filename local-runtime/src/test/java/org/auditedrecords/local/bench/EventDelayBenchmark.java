package org.auditedrecords.local.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.auditedrecords.local.Stack;
import org.auditedrecords.local.StackSettings;
import org.auditedrecords.local.events.EventSettings;
import org.auditedrecords.local.events.ExampleSubscriber.Applied;

/**
 * Prints the delay from a committed write to its event's delivery at the example subscriber, p50 / p95 / max, on a
 * fresh local stack, after {@value #WARM_UP} creates not measured: {@value #WRITES} creates through the gateway at about {@value #PER_SECOND} a second, for each
 * relay interval measured (the stack's default of 1 s, and 200 ms). The write's time is the event's {@code time}, the
 * patient's {@code lastUpdated}; the delivery's is when the subscriber received it. Not a test: it asserts nothing.
 *
 * <pre>mvn -B -pl local-runtime -am verify -Pbench -DskipTests</pre>
 */
public final class EventDelayBenchmark {
    static final int WRITES = 200;
    static final int PER_SECOND = 20;
    /** Creates before measuring, so class loading and the first TLS handshake are not counted. */
    static final int WARM_UP = 20;
    private static final String PATIENT = "{\"firstName\":\"Ada\",\"gender\":\"female\",\"dateOfBirth\":\"1815-12-10\","
            + "\"postCode\":\"W1 1AA\"}";

    private EventDelayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        for (Duration interval : List.of(Duration.ofSeconds(1), Duration.ofMillis(200))) {
            measure(interval);
        }
    }

    private static void measure(Duration relayInterval) throws Exception {
        Path data = Files.createTempDirectory("event-delay");
        EventSettings events = EventSettings.ephemeral();
        events = new EventSettings(0, 0, relayInterval, events.maxDeliveryAttempts(), events.eventTimeToLive(),
                events.firstRetryDelay(), events.maxRetryDelay());
        try (Stack stack = Stack.start(StackSettings.ephemeral(data).withEvents(events), line -> { })) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            create(stack, http, WARM_UP);
            awaitDelivered(stack, WARM_UP);
            create(stack, http, WRITES);
            awaitDelivered(stack, WARM_UP + WRITES);
            List<Applied> applied = stack.subscriber().applied();
            List<Long> delays = applied.subList(Math.min(WARM_UP, applied.size()), applied.size()).stream()
                    .map(EventDelayBenchmark::delayMillis).sorted().toList();
            System.out.printf("event delay, relay every %d ms: %d of %d delivered; commit -> delivery p50 %d ms, "
                            + "p95 %d ms, max %d ms%n", relayInterval.toMillis(), delays.size(), WRITES,
                    percentile(delays, 50), percentile(delays, 95), delays.isEmpty() ? -1 : delays.get(delays.size() - 1));
        }
    }

    /** {@code count} creates through the gateway at {@value #PER_SECOND} a second. */
    private static void create(Stack stack, HttpClient http, int count) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            HttpResponse<Void> created = http.send(HttpRequest.newBuilder(URI.create(stack.gatewayUri() + "/patient"))
                    .header("Ocp-Apim-Subscription-Key", stack.integratorKey())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(PATIENT)).build(), HttpResponse.BodyHandlers.discarding());
            if (created.statusCode() != 201) {
                throw new IllegalStateException("create answered " + created.statusCode());
            }
            long wait = start + (i + 1) * 1_000_000_000L / PER_SECOND - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
    }

    private static void awaitDelivered(Stack stack, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (stack.subscriber().applied().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static long delayMillis(Applied applied) {
        return Duration.between(applied.time(), applied.receivedAt()).toMillis();
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
