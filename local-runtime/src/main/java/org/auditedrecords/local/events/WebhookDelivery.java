package org.auditedrecords.local.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.auditedrecords.common.json.Json;
import org.auditedrecords.common.logging.StructuredLog;

/**
 * Delivers one subscription's events to its webhook as Event Grid does for the CloudEvents schema: one
 * {@code application/cloudevents+json} POST per event, any 2xx is delivered, anything else (or no answer within
 * {@link #TIMEOUT}) is retried after the subscription's backoff — except 400 and 413, which no retry can mend — and an
 * event out of attempts or time-to-live (or refused as 400 or 413) is
 * written to the dead-letter folder as {@code <subscription>/<event id>.json} with the reason, as Event Grid writes
 * dead-letter blobs. A subscriber that is down delays nobody but itself: the topic accepted the events already.
 *
 * <p>Pending deliveries are held in memory: they survive a subscriber outage, not a restart of the stack (in Azure,
 * Event Grid keeps them durably).
 */
final class WebhookDelivery implements AutoCloseable {
    /** Event Grid waits 30 s for a webhook; locally a subscriber answers at once or is treated as down. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(WebhookDelivery.class.getName());

    private final EventSubscription subscription;
    private final Path deadLetters;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ScheduledExecutorService worker;

    WebhookDelivery(EventSubscription subscription, Path deadLetterDir, Clock clock) {
        this.subscription = subscription;
        this.deadLetters = deadLetterDir.resolve(subscription.name());
        this.clock = clock;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "eventgrid-delivery-" + subscription.name());
            thread.setDaemon(true);
            return thread;
        });
    }

    EventSubscription subscription() {
        return subscription;
    }

    /** Queues the event for its first attempt; returns at once. */
    void enqueue(ObjectNode event, Instant accepted) {
        worker.execute(() -> attempt(event, accepted, 1));
    }

    private void attempt(ObjectNode event, Instant accepted, int attempt) {
        String outcome;
        int status = 0;
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(subscription.endpoint()).timeout(TIMEOUT)
                    .header("Content-Type", "application/cloudevents+json; charset=utf-8")
                    .header("aeg-delivery-count", Integer.toString(attempt - 1))
                    .POST(HttpRequest.BodyPublishers.ofString(event.toString())).build(),
                    HttpResponse.BodyHandlers.discarding());
            status = response.statusCode();
            if (status / 100 == 2) {
                log(Level.INFO, event, "delivered", attempt, status);
                return;
            }
            outcome = "the subscriber answered " + status;
        } catch (IOException e) {
            outcome = "the subscriber could not be reached";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Duration age = Duration.between(accepted, clock.instant());
        Duration delay = subscription.retryDelay(attempt);
        if (status == 400 || status == 413) {
            // As Event Grid: the subscriber said the event itself is wrong, so another attempt cannot help.
            deadLetter(event, "NonRetriableError", attempt, outcome, status);
        } else if (attempt >= subscription.maxDeliveryAttempts()) {
            deadLetter(event, "MaxDeliveryAttemptsExceeded", attempt, outcome, status);
        } else if (age.plus(delay).compareTo(subscription.eventTimeToLive()) > 0) {
            deadLetter(event, "TimeToLiveExceeded", attempt, outcome, status);
        } else {
            log(Level.INFO, event, "retry in " + delay.toMillis() + " ms: " + outcome, attempt, status);
            worker.schedule(() -> attempt(event, accepted, attempt + 1), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void deadLetter(ObjectNode event, String reason, int attempts, String outcome, int status) {
        ObjectNode letter = event.deepCopy();
        letter.put("deadletterreason", reason);
        letter.put("deliveryattempts", attempts);
        letter.put("lastdeliveryoutcome", outcome);
        letter.put("lastHttpStatusCode", status);
        letter.put("deadletteredtime", clock.instant().toString());
        try {
            Files.createDirectories(deadLetters);
            Files.writeString(deadLetters.resolve(fileName(event) + ".json"), Json.newMapper()
                    .writerWithDefaultPrettyPrinter().writeValueAsString(letter));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot dead-letter to " + deadLetters, e);
        }
        log(Level.WARNING, event, "dead-lettered: " + reason, attempts, status);
    }

    /** Event ids are the publisher's; only safe characters reach the file system. */
    private static String fileName(ObjectNode event) {
        return event.path("id").asText().replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private void log(Level level, ObjectNode event, String outcome, int attempt, int status) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", "delivery");
        fields.put("subscription", subscription.name());
        fields.put("eventId", event.path("id").asText());
        fields.put("eventType", event.path("type").asText());
        fields.put("subject", event.path("subject").asText());
        fields.put("attempt", attempt);
        fields.put("status", status);
        fields.put("outcome", outcome);
        fields.put("traceId", traceId(event));
        StructuredLog.log(LOG, level, "eventgrid", fields);
    }

    private static String traceId(ObjectNode event) {
        String[] parts = event.path("traceparent").asText().split("-");
        return parts.length == 4 ? parts[1] : null;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
