package org.auditedrecords.common.secrets;

import java.util.Objects;

/**
 * One version of a named secret.
 *
 * @param name    the secret's name, as Key Vault spells names ({@code ^[0-9a-zA-Z-]{1,127}$})
 * @param version the backend's version id; consumers key caches and signatures by it across rotations
 * @param value   the secret material; never shown by {@link #toString()}
 */
public record Secret(String name, String version, String value) {

    public Secret {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(value, "value");
    }

    /** Names the secret and version only, so a logged or printed {@code Secret} never leaks its value. */
    @Override
    public String toString() {
        return "Secret[name=" + name + ", version=" + version + ", value=<redacted>]";
    }
}
