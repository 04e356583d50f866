package org.auditedrecords.host;

import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import java.util.Collection;
import java.util.List;

/**
 * Where the host finds the keys that open a function. Asked on every request, so a key vault that rotates keys
 * live (old and new overlapping) takes effect at once.
 */
@FunctionalInterface
public interface FunctionKeys {

    /**
     * Every key value currently valid for calling {@code functionName} at {@code level}: for {@code FUNCTION} the
     * master key, the host keys and that function's own keys; for {@code ADMIN} the master key only.
     */
    Collection<String> acceptedKeys(String functionName, AuthorizationLevel level);

    /** No keys at all: every FUNCTION or ADMIN call is refused. */
    static FunctionKeys none() {
        return (functionName, level) -> List.of();
    }
}
