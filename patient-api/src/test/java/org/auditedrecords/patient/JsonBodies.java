package org.auditedrecords.patient;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.auditedrecords.common.errors.ValidationException;
import org.auditedrecords.common.json.Json;

/** Bodies for validation tests, written with single quotes, and the errors they cause. */
public final class JsonBodies {
    private JsonBodies() {
    }

    public static ObjectNode json(String singleQuoted) {
        try {
            return (ObjectNode) Json.newMapper().readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not JSON: " + singleQuoted, e);
        }
    }

    /** The field errors {@code parse} fails with; an assertion error when it does not fail. */
    public static Map<String, List<String>> errorsOf(Supplier<?> parse) {
        try {
            Object parsed = parse.get();
            throw new AssertionError("expected a validation error, got " + parsed);
        } catch (ValidationException e) {
            return e.errors();
        }
    }
}
