package org.auditedrecords.common.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CachingSecretSourceTest {
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final String V1 = "11111111111111111111111111111111";
    private static final String V2 = "22222222222222222222222222222222";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final FakeSecretSource vault = new FakeSecretSource();
    private final CachingSecretSource cache = new CachingSecretSource(vault, TTL, clock);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        vault.open();
        threads.shutdownNow();
    }

    @Test
    void latest_withinTtl_readsTheVaultOnce() {
        // given
        vault.rotate("api-key", V1, "one");

        // when
        Secret first = cache.latest("api-key");
        clock.advance(TTL.minusSeconds(1));
        Secret second = cache.latest("api-key");

        // then
        assertThat(second).isEqualTo(first).isEqualTo(new Secret("api-key", V1, "one"));
        assertThat(vault.latestCalls()).isEqualTo(1);
    }

    @Test
    void latest_invalidName_isRefusedEveryTimeWithoutReadingTheVault() {
        // given a cache already serving a valid name
        vault.rotate("api-key", V1, "one");
        cache.latest("api-key");

        // when an invalid name is asked for, twice, then the valid one again
        // then the invalid one is refused both times, never reaches the vault, and the valid one is still served
        assertThatThrownBy(() -> cache.latest("api/key")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("letters, digits or hyphens");
        assertThatThrownBy(() -> cache.latest("api/key")).isInstanceOf(IllegalArgumentException.class);
        assertThat(cache.latest("api-key")).isEqualTo(new Secret("api-key", V1, "one"));
        assertThat(vault.latestCalls()).isEqualTo(1);
    }

    @Test
    void latest_afterTtl_readsTheVaultAgainAndSeesTheRotation() {
        // given
        vault.rotate("api-key", V1, "one");
        cache.latest("api-key");
        vault.rotate("api-key", V2, "two");

        // when
        clock.advance(TTL);
        Secret secret = cache.latest("api-key");

        // then
        assertThat(secret.version()).isEqualTo(V2);
        assertThat(vault.latestCalls()).isEqualTo(2);
    }

    @Test
    void latest_zeroTtl_readsTheVaultEveryTime() {
        // given
        CachingSecretSource uncached = new CachingSecretSource(vault, Duration.ZERO, clock);
        vault.rotate("api-key", V1, "one");

        // when
        uncached.latest("api-key");
        uncached.latest("api-key");

        // then
        assertThat(vault.latestCalls()).isEqualTo(2);
    }

    @Test
    void invalidate_cachedLatest_nextLatestReadsTheVault() {
        // given
        vault.rotate("api-key", V1, "one");
        cache.latest("api-key");
        vault.rotate("api-key", V2, "two");

        // when
        cache.invalidate("api-key");
        Secret secret = cache.latest("api-key");

        // then
        assertThat(secret.version()).isEqualTo(V2);
        assertThat(vault.latestCalls()).isEqualTo(2);
    }

    @Test
    void invalidate_duringALoad_thatLoadsResultIsNotKept() throws Exception {
        // given a load that read the vault before the rotation and is still in flight
        vault.rotate("api-key", V1, "one");
        vault.close();
        CompletableFuture<Secret> early = CompletableFuture.supplyAsync(() -> cache.latest("api-key"), threads);
        vault.awaitLoadStarted();
        vault.rotate("api-key", V2, "two");

        // when
        cache.invalidate("api-key");
        vault.open();
        Secret earlyResult = early.get(5, TimeUnit.SECONDS);
        Secret next = cache.latest("api-key");

        // then
        assertThat(earlyResult.version()).isEqualTo(V1);
        assertThat(next.version()).isEqualTo(V2);
        assertThat(vault.latestCalls()).isEqualTo(2);
    }

    @Test
    void latest_manyCallersOnAnExpiredEntry_shareOneVaultRead() throws Exception {
        // given an expired entry and a vault that holds the refresh until every caller is waiting
        vault.rotate("api-key", V1, "one");
        cache.latest("api-key");
        vault.rotate("api-key", V2, "two");
        clock.advance(TTL);
        vault.close();

        // when
        List<CompletableFuture<Secret>> results = new ArrayList<>();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            CompletableFuture<Secret> result = new CompletableFuture<>();
            Thread caller = new Thread(() -> {
                try {
                    result.complete(cache.latest("api-key"));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
            caller.start();
            results.add(result);
            callers.add(caller);
        }
        awaitAllParked(callers);
        vault.open();

        // then
        for (CompletableFuture<Secret> result : results) {
            assertThat(result.get(5, TimeUnit.SECONDS).version()).isEqualTo(V2);
        }
        assertThat(vault.latestCalls()).isEqualTo(2);
    }

    @Test
    void latest_refreshFailsWithinOneTtlOfExpiry_servesTheStaleValue() {
        // given
        vault.rotate("api-key", V1, "one");
        cache.latest("api-key");
        vault.failWith(new SecretSourceUnavailableException("vault down"));

        // when
        clock.advance(TTL.plus(TTL).minusSeconds(1));
        Secret secret = cache.latest("api-key");

        // then
        assertThat(secret.version()).isEqualTo(V1);
        assertThat(vault.latestCalls()).isEqualTo(2);
    }

    @Test
    void latest_vaultStaysDown_retriesOncePerRetryIntervalWhileServingStale() {
        // given a stale value already served once after a failed refresh
        vault.rotate("api-key", V1, "one");
        cache.latest("api-key");
        vault.failWith(new SecretSourceUnavailableException("vault down"));
        clock.advance(TTL);
        cache.latest("api-key");

        // when
        clock.advance(CachingSecretSource.RETRY_AFTER_FAILURE.minusSeconds(1));
        Secret withinInterval = cache.latest("api-key");
        clock.advance(Duration.ofSeconds(1));
        vault.recover();
        vault.rotate("api-key", V2, "two");
        Secret afterInterval = cache.latest("api-key");

        // then
        assertThat(withinInterval.version()).isEqualTo(V1);
        assertThat(afterInterval.version()).isEqualTo(V2);
        assertThat(vault.latestCalls()).isEqualTo(3);
    }

    @Test
    void latest_refreshFailsMoreThanOneTtlAfterExpiry_throwsUnavailable() {
        // given
        vault.rotate("api-key", V1, "one");
        cache.latest("api-key");
        SecretSourceUnavailableException outage = new SecretSourceUnavailableException("vault down");
        vault.failWith(outage);

        // when
        clock.advance(TTL.plus(TTL));

        // then
        assertThatThrownBy(() -> cache.latest("api-key")).isSameAs(outage);
    }

    @Test
    void latest_noCachedValueAndVaultDown_throwsAndRetriesOnTheNextCall() {
        // given
        vault.rotate("api-key", V1, "one");
        vault.failWith(new SecretSourceUnavailableException("vault down"));
        assertThatThrownBy(() -> cache.latest("api-key")).isInstanceOf(SecretSourceUnavailableException.class);

        // when
        vault.recover();
        Secret secret = cache.latest("api-key");

        // then
        assertThat(secret.version()).isEqualTo(V1);
        assertThat(vault.latestCalls()).isEqualTo(2);
    }

    @Test
    void latest_secretGoneAtRefresh_stopsServingTheCachedValue() {
        // given
        vault.rotate("api-key", V1, "one");
        cache.latest("api-key");
        vault.failWith(new SecretNotFoundException("api-key"));
        clock.advance(TTL);

        // when / then: not found is not an outage, so no stale value, now or on the next call
        assertThatThrownBy(() -> cache.latest("api-key")).isInstanceOf(SecretNotFoundException.class);
        vault.failWith(new SecretSourceUnavailableException("vault down"));
        assertThatThrownBy(() -> cache.latest("api-key")).isInstanceOf(SecretSourceUnavailableException.class);
    }

    @Test
    void version_cached_isServedWithoutExpiry() {
        // given
        vault.rotate("api-key", V1, "one");
        cache.version("api-key", V1);

        // when
        clock.advance(Duration.ofDays(365));
        Secret secret = cache.version("api-key", V1);

        // then
        assertThat(secret).isEqualTo(new Secret("api-key", V1, "one"));
        assertThat(vault.versionCalls()).isEqualTo(1);
    }

    @Test
    void version_justReadAsLatest_isServedFromTheCache() {
        // given
        vault.rotate("api-key", V1, "one");
        cache.latest("api-key");

        // when
        Secret secret = cache.version("api-key", V1);

        // then
        assertThat(secret.value()).isEqualTo("one");
        assertThat(vault.versionCalls()).isZero();
    }

    @Test
    void version_moreVersionsThanTheBound_evictsTheLeastRecentlyUsed() {
        // given
        for (int i = 0; i <= CachingSecretSource.MAX_CACHED_VERSIONS; i++) {
            vault.rotate("api-key", "%032x".formatted(i), "value-" + i);
            cache.version("api-key", "%032x".formatted(i));
        }

        // when
        cache.version("api-key", "%032x".formatted(CachingSecretSource.MAX_CACHED_VERSIONS));
        cache.version("api-key", "%032x".formatted(0));

        // then
        assertThat(vault.versionCalls()).isEqualTo(CachingSecretSource.MAX_CACHED_VERSIONS + 2);
    }

    @Test
    void invalidate_cachedVersions_nextVersionReadsTheVault() {
        // given
        vault.rotate("api-key", V1, "one");
        cache.version("api-key", V1);

        // when
        cache.invalidate("api-key");
        cache.version("api-key", V1);

        // then
        assertThat(vault.versionCalls()).isEqualTo(2);
    }

    @Test
    void version_unknown_isNotCachedAsAbsent() {
        // given
        assertThatThrownBy(() -> cache.version("api-key", V1)).isInstanceOf(SecretNotFoundException.class);
        vault.rotate("api-key", V1, "one");

        // when
        Secret secret = cache.version("api-key", V1);

        // then
        assertThat(secret.value()).isEqualTo("one");
    }

    @Test
    void toString_always_namesTheTtlAndTheDelegate() {
        assertThat(cache).hasToString("CachingSecretSource[ttl=PT5M, delegate=" + vault + "]");
    }

    /** Waits until every caller is parked: one inside the held load, the others waiting for its outcome. */
    private static void awaitAllParked(List<Thread> callers) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!callers.stream().allMatch(t -> t.getState() == Thread.State.WAITING
                || t.getState() == Thread.State.TIMED_WAITING)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("callers did not all reach the cache");
            }
            Thread.sleep(1);
        }
    }
}
