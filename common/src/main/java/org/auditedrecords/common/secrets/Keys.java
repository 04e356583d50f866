package org.auditedrecords.common.secrets;

import java.security.SecureRandom;
import java.util.Base64;

/** New key material for bootstrap and rotation. */
public final class Keys {
    private static final int KEY_BYTES = 32;

    private Keys() {
    }

    /**
     * A new random key: 32 bytes from {@link SecureRandom} as URL-safe base64 without padding (43 characters of
     * {@code A-Z a-z 0-9 - _}), the alphabet of Azure Functions keys, so it can be used as one and sent in a header
     * or query string unescaped.
     */
    public static String newKey() {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }
}
