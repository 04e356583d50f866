package org.auditedrecords.local.gateway;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fixed-window call counter per key, as API Management's {@code rate-limit-by-key}: at most {@code calls} per
 * {@code period}; beyond that the caller is told how many seconds remain in the window.
 */
public final class RateLimiter {
    private final int calls;
    private final long periodMillis;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(long start, int count) {
    }

    public RateLimiter(int calls, Duration period, Clock clock) {
        this.calls = calls;
        this.periodMillis = period.toMillis();
        this.clock = clock;
    }

    /** Counts a call; empty when allowed, else the whole seconds until the window renews (at least 1). */
    public OptionalLong acquire(String key) {
        long now = clock.millis();
        Window window = windows.compute(key, (k, w) -> w == null || now - w.start() >= periodMillis
                ? new Window(now, 1) : new Window(w.start(), w.count() + 1));
        if (window.count() <= calls) {
            return OptionalLong.empty();
        }
        long remaining = window.start() + periodMillis - now;
        return OptionalLong.of(Math.max(1, (remaining + 999) / 1000));
    }
}
