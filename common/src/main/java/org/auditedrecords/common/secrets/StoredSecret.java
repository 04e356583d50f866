package org.auditedrecords.common.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSON document the local vault keeps per secret. Versions are kept in the order they were written, so "newest"
 * does not depend on the clock: two versions written within one clock tick still have an order.
 */
record StoredSecret(String name, List<StoredVersion> versions) {

    StoredSecret {
        versions = versions == null ? List.of() : List.copyOf(versions);
    }

    static StoredSecret empty(String name) {
        return new StoredSecret(name, List.of());
    }

    Optional<StoredVersion> newestEnabled() {
        for (int i = versions.size() - 1; i >= 0; i--) {
            if (versions.get(i).enabled()) {
                return Optional.of(versions.get(i));
            }
        }
        return Optional.empty();
    }

    Optional<StoredVersion> find(String version) {
        return versions.stream().filter(v -> v.version().equalsIgnoreCase(version)).findFirst();
    }

    StoredSecret plus(StoredVersion version) {
        List<StoredVersion> more = new ArrayList<>(versions);
        more.add(version);
        return new StoredSecret(name, more);
    }

    StoredSecret disabling(String version) {
        return new StoredSecret(name, versions.stream()
                .map(v -> v.version().equalsIgnoreCase(version) ? v.disabled() : v)
                .toList());
    }

    /**
     * One version as stored. {@code created} is an ISO-8601 instant kept as text, so the file format does not depend on
     * a Jackson time module.
     */
    record StoredVersion(String version, String value, String created, boolean enabled) {

        StoredVersion disabled() {
            return new StoredVersion(version, value, created, false);
        }
    }
}
