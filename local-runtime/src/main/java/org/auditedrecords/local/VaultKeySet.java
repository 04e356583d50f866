package org.auditedrecords.local;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.auditedrecords.common.secrets.LocalVault;
import org.auditedrecords.common.secrets.SecretVersionInfo;
import org.auditedrecords.local.gateway.KeySet;

/**
 * The keys a service accepts: every enabled version of a vault secret. During a rotation the old and new versions
 * are both enabled, so both work; disabling the old one revokes it everywhere within {@link #REFRESH}.
 */
public final class VaultKeySet implements KeySet {
    /** How stale an accepted-key set may be; a revoked key stops working within this. */
    public static final Duration REFRESH = Duration.ofSeconds(1);

    private final LocalVault vault;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Set<String> values, long readAt) {
    }

    public VaultKeySet(LocalVault vault, Clock clock) {
        this.vault = vault;
        this.clock = clock;
    }

    @Override
    public Set<String> accepted(String secretName) {
        long now = clock.millis();
        Cached cached = cache.get(secretName);
        if (cached != null && now - cached.readAt() < REFRESH.toMillis()) {
            return cached.values();
        }
        Set<String> values = new LinkedHashSet<>();
        for (SecretVersionInfo info : vault.versions(secretName)) {
            if (info.enabled()) {
                values.add(vault.version(secretName, info.version()).value());
            }
        }
        Set<String> fresh = Set.copyOf(values);
        cache.put(secretName, new Cached(fresh, now));
        return fresh;
    }
}
