package org.auditedrecords.local.events;

import java.time.Duration;
import org.auditedrecords.common.config.Env;

/**
 * The local stack's event settings, from {@code STACK_*} environment variables, each with a default.
 *
 * @param topicPort           the local Event Grid topic, HTTPS on 127.0.0.1 ({@code STACK_EVENT_GRID_PORT}, 7073)
 * @param subscriberPort      the example subscriber's webhook on 127.0.0.1 ({@code STACK_SUBSCRIBER_PORT}, 7074)
 * @param relayInterval       how often the outbox relay runs ({@code STACK_RELAY_INTERVAL}, PT1S; Azure: 5 s)
 * @param maxDeliveryAttempts attempts per event before dead-lettering ({@code STACK_DELIVERY_ATTEMPTS}, 30 as Event
 *                            Grid)
 * @param eventTimeToLive     age at which an undelivered event is dead-lettered ({@code STACK_EVENT_TTL}, PT24H)
 * @param firstRetryDelay     wait after the first failed delivery, doubled after each ({@code STACK_RETRY_DELAY}, PT1S)
 * @param maxRetryDelay       the longest wait between attempts ({@code STACK_MAX_RETRY_DELAY}, PT1M)
 */
public record EventSettings(int topicPort, int subscriberPort, Duration relayInterval, int maxDeliveryAttempts,
                            Duration eventTimeToLive, Duration firstRetryDelay, Duration maxRetryDelay) {

    public static EventSettings from(Env env) {
        return new EventSettings(
                env.integer("STACK_EVENT_GRID_PORT", 7073, 0, 65535),
                env.integer("STACK_SUBSCRIBER_PORT", 7074, 0, 65535),
                positive(env, "STACK_RELAY_INTERVAL", Duration.ofSeconds(1)),
                env.integer("STACK_DELIVERY_ATTEMPTS", 30, 1, 30),
                positive(env, "STACK_EVENT_TTL", Duration.ofHours(24)),
                positive(env, "STACK_RETRY_DELAY", Duration.ofSeconds(1)),
                positive(env, "STACK_MAX_RETRY_DELAY", Duration.ofMinutes(1)));
    }

    /** For tests: free ports, a fast relay and quick retries. */
    public static EventSettings ephemeral() {
        return new EventSettings(0, 0, Duration.ofMillis(200), 30, Duration.ofHours(24), Duration.ofMillis(200),
                Duration.ofSeconds(1));
    }

    public EventSettings withDelivery(int attempts, Duration firstRetryDelay, Duration maxRetryDelay) {
        return new EventSettings(topicPort, subscriberPort, relayInterval, attempts, eventTimeToLive, firstRetryDelay,
                maxRetryDelay);
    }

    public EventSettings withPorts(int topic, int subscriber) {
        return new EventSettings(topic, subscriber, relayInterval, maxDeliveryAttempts, eventTimeToLive,
                firstRetryDelay, maxRetryDelay);
    }

    private static Duration positive(Env env, String name, Duration defaultValue) {
        Duration value = env.duration(name, defaultValue);
        if (value.isZero()) {
            throw new org.auditedrecords.common.config.ConfigException(name + " must be longer than zero.");
        }
        return value;
    }
}
