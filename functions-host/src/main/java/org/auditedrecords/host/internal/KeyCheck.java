package org.auditedrecords.host.internal;

import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.auditedrecords.host.FunctionKeys;

/** Whether a presented key opens a function, by the Functions host's rules. */
final class KeyCheck {
    private KeyCheck() {
    }

    static boolean opens(FunctionKeys keys, HttpFunction function, String presented) {
        if (function.authLevel() == AuthorizationLevel.ANONYMOUS) {
            return true;
        }
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        // Every accepted key is compared, in constant time, so timing reveals neither which key matched nor how much.
        for (String key : keys.acceptedKeys(function.name(), function.authLevel())) {
            match |= MessageDigest.isEqual(candidate, key.getBytes(StandardCharsets.UTF_8));
        }
        return match;
    }
}
