package org.auditedrecords.common.secrets;

import java.util.Objects;
import java.util.regex.Pattern;

/** Key Vault's naming rules, applied by every backend so a name that works locally also works in Azure. */
final class SecretNames {
    private static final Pattern NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");
    private static final Pattern VERSION = Pattern.compile("[0-9a-fA-F]{32}");

    private SecretNames() {
    }

    /** @throws IllegalArgumentException when the name breaks Key Vault's rules; names come from code, not callers */
    static String requireValidName(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "Secret name '" + name + "' must be 1 to 127 letters, digits or hyphens.");
        }
        return name;
    }

    /**
     * Whether a version id is well formed (32 hex digits, as Key Vault and the local vault issue them). A version can
     * come from stored data, so a malformed one is treated as absent rather than as a programming error, and it never
     * reaches a request path where an empty or slash-bearing version would silently mean something else.
     */
    static boolean isWellFormedVersion(String version) {
        Objects.requireNonNull(version, "version");
        return VERSION.matcher(version).matches();
    }
}
