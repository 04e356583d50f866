package org.auditedrecords.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class QuotaTest {
    Instant now = Instant.parse("2026-11-22T23:59:00Z");
    final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void acquire_beyondTheDailyCalls_isRefusedUntilMidnightUtc() {
        Quota quota = Quota.daily(2, clock);

        assertThat(quota.acquire("a")).isEmpty();
        assertThat(quota.acquire("a")).isEmpty();
        OptionalLong refused = quota.acquire("a");

        assertThat(refused).hasValue(60);
        assertThat(quota.acquire("b")).as("another key has its own count").isEmpty();
        now = Instant.parse("2026-11-23T00:00:00Z");
        assertThat(quota.acquire("a")).as("renewed at midnight UTC, not a day after the first call").isEmpty();
    }

    @Test
    void new_periodShorterThanApimAllows_isRejected() {
        assertThatThrownBy(() -> new Quota(10, Duration.ofSeconds(299), clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Quota(0, Duration.ofDays(1), clock)).isInstanceOf(IllegalArgumentException.class);
    }
}
