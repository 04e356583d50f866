package org.auditedrecords.local;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.auditedrecords.common.secrets.LocalVault;
import org.auditedrecords.common.secrets.SecretVersionInfo;
import org.auditedrecords.local.gateway.KeySet;

/**
 * The keys a service accepts: every enabled version of a vault secret. During a rotation the old and new versions
 * are both enabled, so both work. The set is re-read as soon as the secret's file changes, so a new version is
 * accepted before any consumer can have read it, and a disabled one is refused from the next request on.
 */
public final class VaultKeySet implements KeySet {
    private final LocalVault vault;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<Object> token, Map<String, String> byVersion) {
    }

    public VaultKeySet(LocalVault vault) {
        this.vault = vault;
    }

    @Override
    public Set<String> accepted(String secretName) {
        return Set.copyOf(enabledVersions(secretName).values());
    }

    /** Every enabled version's value by version id, with the same freshness as {@link #accepted}. */
    public Map<String, String> enabledVersions(String secretName) {
        Optional<Object> token = vault.changeToken(secretName);
        Cached cached = cache.get(secretName);
        if (cached != null && cached.token().equals(token)) {
            return cached.byVersion();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (SecretVersionInfo info : vault.versions(secretName)) {
            if (info.enabled()) {
                values.put(info.version(), vault.version(secretName, info.version()).value());
            }
        }
        Map<String, String> fresh = Map.copyOf(values);
        cache.put(secretName, new Cached(token, fresh));
        return fresh;
    }
}
