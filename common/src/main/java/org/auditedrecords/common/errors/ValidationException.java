package org.auditedrecords.common.errors;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The request is well-formed JSON but breaks the contract; {@link #errors()} maps each field to its messages. */
public final class ValidationException extends RuntimeException {
    private final Map<String, List<String>> errors;

    public ValidationException(Map<String, List<String>> errors) {
        super("Validation failed for " + errors.keySet());
        Map<String, List<String>> copy = new LinkedHashMap<>();
        errors.forEach((field, messages) -> copy.put(field, List.copyOf(messages)));
        this.errors = java.util.Collections.unmodifiableMap(copy);
    }

    public static ValidationException of(String field, String message) {
        return new ValidationException(Map.of(field, List.of(message)));
    }

    public Map<String, List<String>> errors() {
        return errors;
    }
}
