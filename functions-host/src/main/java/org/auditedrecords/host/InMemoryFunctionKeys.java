package org.auditedrecords.host;

import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Thread-safe keys held in memory, with the rules of the Functions host: the master key opens everything, host keys
 * open every FUNCTION-level function, a function key opens only its own function. Function names are
 * case-insensitive, as on Azure.
 */
public final class InMemoryFunctionKeys implements FunctionKeys {
    private volatile String masterKey;
    private final Map<String, String> hostKeys = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> functionKeys = new ConcurrentHashMap<>();

    /** Sets the master key; {@code null} removes it. */
    public void setMasterKey(String value) {
        masterKey = value == null ? null : requireKey(value);
    }

    public void putHostKey(String name, String value) {
        hostKeys.put(Objects.requireNonNull(name, "name"), requireKey(value));
    }

    public void removeHostKey(String name) {
        hostKeys.remove(name);
    }

    public void putFunctionKey(String functionName, String name, String value) {
        functionKeys.computeIfAbsent(normalize(functionName), f -> new ConcurrentHashMap<>())
                .put(Objects.requireNonNull(name, "name"), requireKey(value));
    }

    public void removeFunctionKey(String functionName, String name) {
        functionKeys.getOrDefault(normalize(functionName), Map.of()).remove(name);
    }

    @Override
    public Collection<String> acceptedKeys(String functionName, AuthorizationLevel level) {
        List<String> keys = new ArrayList<>();
        String master = masterKey;
        if (master != null) {
            keys.add(master);
        }
        if (level == AuthorizationLevel.FUNCTION) {
            keys.addAll(hostKeys.values());
            keys.addAll(functionKeys.getOrDefault(normalize(functionName), Map.of()).values());
        }
        return keys;
    }

    private static String normalize(String functionName) {
        return Objects.requireNonNull(functionName, "functionName").toLowerCase(Locale.ROOT);
    }

    private static String requireKey(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("A key value must not be blank.");
        }
        return value;
    }
}
