package org.auditedrecords.common.secrets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Caches another {@link SecretSource} so that requests do not each call the vault.
 *
 * <ul>
 *   <li>{@link #latest} is cached per name for at most {@code ttl}; a zero ttl re-reads every time. Concurrent callers
 *       that find the entry missing or expired share one load: the delegate sees at most one {@code latest} call per
 *       name at a time, and every waiting caller gets that call's outcome.</li>
 *   <li>Stale-if-error: when a refresh fails with {@link SecretSourceUnavailableException} and the cached value
 *       expired less than one {@code ttl} ago, the cached value is served instead of the failure, so a short vault
 *       outage does not take the apps down with it. While the outage lasts the vault is retried at most once per
 *       {@link #RETRY_AFTER_FAILURE} per name (never beyond that window); after the window the failure is thrown.</li>
 *   <li>A refresh that finds the secret gone ({@link SecretNotFoundException}) drops the cached value at once: a
 *       deleted or disabled secret must stop being served.</li>
 *   <li>{@link #version} results are immutable and cached without expiry in a map of at most
 *       {@link #MAX_CACHED_VERSIONS} entries (least recently used evicted). A version disabled in the vault after it
 *       was cached keeps being served until {@link #invalidate} or eviction.</li>
 *   <li>{@link #invalidate} forgets everything cached for a name; a consumer calls it when the key it was given is
 *       refused (for example a 401 after a rotation), and its next {@code latest} reads the vault.</li>
 * </ul>
 *
 * <p>Thread-safe. Build one per process and share it.
 */
public final class CachingSecretSource implements SecretSource {
    /** Upper bound of cached specific versions across all names. */
    public static final int MAX_CACHED_VERSIONS = 256;
    /** How long a failed refresh is not retried while a stale value is being served instead. */
    public static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(10);

    private final SecretSource delegate;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Slot> latest = new ConcurrentHashMap<>();
    private final Map<VersionKey, Secret> versions = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<VersionKey, Secret> eldest) {
            return size() > MAX_CACHED_VERSIONS;
        }
    };

    /**
     * @param delegate the source to cache
     * @param ttl      how long a latest value is served before it is re-read; zero disables caching of latest
     * @param clock    the time source for expiry
     */
    public CachingSecretSource(SecretSource delegate, Duration ttl, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative");
        }
    }

    @Override
    public Secret latest(String name) {
        Slot slot = latest.get(name);
        if (slot == null) {
            // Checked before a slot exists, so every name with a slot is valid and the hot path skips the regex.
            SecretNames.requireValidName(name);
            slot = latest.computeIfAbsent(name, n -> new Slot());
        }
        // A fresh entry is read without the slot's monitor: every request reads the same few names, and taking the
        // monitor made them queue behind each other. Only a miss or an expiry locks, to start or join one load.
        Entry fresh = slot.entry;
        if (fresh != null && clock.instant().isBefore(fresh.refreshAt())) {
            return fresh.secret();
        }
        CompletableFuture<Secret> load;
        boolean loadHere = false;
        synchronized (slot) {
            if (slot.entry != null && clock.instant().isBefore(slot.entry.refreshAt())) {
                return slot.entry.secret();
            }
            if (slot.loading == null) {
                slot.loading = new CompletableFuture<>();
                loadHere = true;
            }
            load = slot.loading;
        }
        if (loadHere) {
            load(name, slot, load);
        }
        return await(load);
    }

    @Override
    public Secret version(String name, String version) {
        SecretNames.requireValidName(name);
        VersionKey key = new VersionKey(name, version);
        synchronized (versions) {
            Secret cached = versions.get(key);
            if (cached != null) {
                return cached;
            }
        }
        // Loaded outside the lock so one slow read does not block every other version lookup; two callers racing
        // for the same uncached version both read it, which is harmless because versions never change.
        Secret loaded = delegate.version(name, version);
        remember(loaded);
        return loaded;
    }

    /** Forgets the cached latest value and cached versions of {@code name}, so the next read goes to the vault. */
    public void invalidate(String name) {
        Slot slot = latest.get(name);
        if (slot != null) {
            synchronized (slot) {
                slot.entry = null;
                // Detach a load already in flight: it may have read the vault before the rotation that made the
                // caller invalidate, so it must not repopulate the cache; the next latest() starts a fresh load.
                slot.loading = null;
            }
        }
        synchronized (versions) {
            versions.keySet().removeIf(key -> key.name().equals(name));
        }
    }

    private void load(String name, Slot slot, CompletableFuture<Secret> load) {
        try {
            Secret secret = delegate.latest(name);
            Instant now = clock.instant();
            if (settle(slot, load, previous -> new Entry(secret, now.plus(ttl), now.plus(ttl).plus(ttl))) != null) {
                remember(secret);
            }
            load.complete(secret);
        } catch (SecretSourceUnavailableException e) {
            Instant now = clock.instant();
            Entry kept = settle(slot, load, previous -> previous == null ? null : previous.afterFailedRefresh(now));
            if (kept != null) {
                load.complete(kept.secret());
            } else {
                load.completeExceptionally(e);
            }
        } catch (SecretNotFoundException e) {
            settle(slot, load, previous -> null);
            load.completeExceptionally(e);
        } catch (RuntimeException | Error e) {
            settle(slot, load, previous -> previous);
            load.completeExceptionally(e);
        }
    }

    /**
     * Applies a finished load's outcome to the cached entry, unless {@link #invalidate} detached the load meanwhile.
     *
     * @return the entry now cached, or {@code null} when there is none or the load was detached
     */
    private static Entry settle(Slot slot, CompletableFuture<Secret> load, UnaryOperator<Entry> outcome) {
        synchronized (slot) {
            if (slot.loading != load) {
                return null;
            }
            slot.loading = null;
            slot.entry = outcome.apply(slot.entry);
            return slot.entry;
        }
    }

    private void remember(Secret secret) {
        synchronized (versions) {
            versions.put(new VersionKey(secret.name(), secret.version()), secret);
        }
    }

    private static Secret await(CompletableFuture<Secret> load) {
        try {
            return load.join();
        } catch (CompletionException e) {
            // Rethrow the delegate's own exception so every caller sees the same type it would without the cache.
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "CachingSecretSource[ttl=" + ttl + ", delegate=" + delegate + "]";
    }

    /** Per-name cache state, written under the slot's monitor; {@code entry} is also read without it. */
    private static final class Slot {
        private volatile Entry entry;
        private CompletableFuture<Secret> loading;
    }

    /** A cached latest value: fresh until {@code refreshAt}, usable after a failed refresh until {@code staleUntil}. */
    private record Entry(Secret secret, Instant refreshAt, Instant staleUntil) {

        /** This value kept after a refresh failed at {@code now}, or {@code null} when it is too old to serve. */
        Entry afterFailedRefresh(Instant now) {
            if (!now.isBefore(staleUntil)) {
                return null;
            }
            Instant retryAt = now.plus(RETRY_AFTER_FAILURE);
            return new Entry(secret, retryAt.isBefore(staleUntil) ? retryAt : staleUntil, staleUntil);
        }
    }

    private record VersionKey(String name, String version) {
    }
}
