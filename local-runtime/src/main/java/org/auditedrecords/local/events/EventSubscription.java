package org.auditedrecords.local.events;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * A webhook subscription of the local topic, shaped like an Event Grid event subscription: a filter on event types,
 * a retry policy (delivery attempts and event time-to-live) and exponential backoff between attempts.
 *
 * @param includedEventTypes the CloudEvents {@code type}s delivered; every other event is not for this subscription
 * @param maxDeliveryAttempts attempts in all before the event is dead-lettered (Event Grid's default is 30)
 * @param eventTimeToLive     an event older than this is dead-lettered instead of retried (Event Grid: 1440 minutes)
 * @param firstRetryDelay     the wait after the first failed attempt; doubled after each further one
 * @param maxRetryDelay       the longest wait between two attempts
 */
public record EventSubscription(String name, URI endpoint, Set<String> includedEventTypes, int maxDeliveryAttempts,
                                Duration eventTimeToLive, Duration firstRetryDelay, Duration maxRetryDelay) {

    public EventSubscription {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(endpoint, "endpoint");
        includedEventTypes = Set.copyOf(includedEventTypes);
        if (maxDeliveryAttempts < 1) {
            throw new IllegalArgumentException("maxDeliveryAttempts must be at least 1");
        }
    }

    public boolean wants(String type) {
        return includedEventTypes.contains(type);
    }

    /** How long to wait after attempt number {@code attempts} failed: exponential, capped. */
    public Duration retryDelay(int attempts) {
        Duration delay = firstRetryDelay;
        for (int i = 1; i < attempts && delay.compareTo(maxRetryDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxRetryDelay) < 0 ? delay : maxRetryDelay;
    }
}
