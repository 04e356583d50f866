package org.auditedrecords.local.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A call-volume quota per key, as API Management's {@code quota-by-key}: at most {@code calls} per renewal period,
 * in fixed periods counted from APIM's default {@code first-period-start} (0001-01-01T00:00:00Z), so a daily quota
 * renews at midnight UTC for every caller at once, not a day after each caller's first call.
 */
public final class Quota {
    /** APIM's {@code first-period-start} default; periods are aligned to it. */
    static final long FIRST_PERIOD_START = Instant.parse("0001-01-01T00:00:00Z").toEpochMilli();
    /** The shortest renewal period APIM accepts. */
    static final Duration MIN_PERIOD = Duration.ofSeconds(300);

    private final long calls;
    private final long periodMillis;
    private final Clock clock;
    private final ConcurrentHashMap<String, Period> periods = new ConcurrentHashMap<>();

    private record Period(long start, long count) {
    }

    /** @throws IllegalArgumentException for no calls or a period shorter than APIM allows */
    public Quota(long calls, Duration renewalPeriod, Clock clock) {
        if (calls < 1 || renewalPeriod.compareTo(MIN_PERIOD) < 0) {
            throw new IllegalArgumentException("A quota needs at least 1 call and a renewal period of at least " + MIN_PERIOD);
        }
        this.calls = calls;
        this.periodMillis = renewalPeriod.toMillis();
        this.clock = clock;
    }

    /** Calls per day, as the Terraform's {@code quota-by-key renewal-period="86400"}. */
    public static Quota daily(long calls, Clock clock) {
        return new Quota(calls, Duration.ofDays(1), clock);
    }

    /**
     * Counts a call against {@code key}'s quota; empty when it is within the quota, else the whole seconds until the
     * quota renews (at least 1). A refused call is counted too, as APIM counts every call that reaches the policy.
     */
    public OptionalLong acquire(String key) {
        long now = clock.millis();
        long start = FIRST_PERIOD_START + Math.floorDiv(now - FIRST_PERIOD_START, periodMillis) * periodMillis;
        Period period = periods.compute(key, (k, p) -> p == null || p.start() != start
                ? new Period(start, 1) : new Period(start, p.count() + 1));
        if (period.count() <= calls) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(1, (start + periodMillis - now + 999) / 1000));
    }
}
