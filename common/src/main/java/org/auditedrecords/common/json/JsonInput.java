package org.auditedrecords.common.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.auditedrecords.common.errors.Violations;

/**
 * Reads fields of a JSON object into plain values, recording every contract breach in {@link Violations}
 * under the field's path (e.g. {@code observations[2].code}) instead of failing on the first.
 */
public final class JsonInput {
    private final ObjectNode node;
    private final String path;
    private final Violations violations;

    public JsonInput(ObjectNode node, String path, Violations violations) {
        this.node = node;
        this.path = path;
        this.violations = violations;
    }

    public static JsonInput root(ObjectNode node, Violations violations) {
        return new JsonInput(node, "", violations);
    }

    public String field(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    public Violations violations() {
        return violations;
    }

    public boolean has(String name) {
        return node.has(name) && !node.get(name).isNull();
    }

    /** Records an error for every field that is not in {@code allowed}. */
    public JsonInput allowOnly(Set<String> allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                violations.add(field(name), "is not a known field");
            }
        }
        return this;
    }

    /** Records an error when a server-assigned field is present. */
    public JsonInput forbid(String... serverFields) {
        for (String name : serverFields) {
            if (node.has(name)) {
                violations.add(field(name), "is set by the server and must not be sent");
            }
        }
        return this;
    }

    public String requiredString(String name, int maxLength) {
        String value = optionalString(name, maxLength);
        if (value == null && !violations.has(field(name))) {
            violations.add(field(name), "is required");
        }
        return value;
    }

    /** A string of at most {@code maxLength} characters, trimmed; absent, null or blank gives null. */
    public String optionalString(String name, int maxLength) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            violations.add(field(name), "must be a string");
            return null;
        }
        String text = value.textValue().strip();
        if (text.isEmpty()) {
            return null;
        }
        if (text.length() > maxLength) {
            violations.add(field(name), "must be at most " + maxLength + " characters");
            return null;
        }
        if (text.codePoints().anyMatch(Character::isISOControl)) {
            violations.add(field(name), "must not contain control characters");
            return null;
        }
        return text;
    }

    public String requiredMatching(String name, int maxLength, Pattern pattern, String expectation) {
        return check(requiredString(name, maxLength), name, pattern, expectation);
    }

    public String optionalMatching(String name, int maxLength, Pattern pattern, String expectation) {
        return check(optionalString(name, maxLength), name, pattern, expectation);
    }

    private String check(String value, String name, Pattern pattern, String expectation) {
        if (value != null && !pattern.matcher(value).matches()) {
            violations.add(field(name), expectation);
            return null;
        }
        return value;
    }

    /** One of {@code allowed}, compared exactly (the contract's values are lower case). */
    public String optionalOneOf(String name, Set<String> allowed) {
        String value = optionalString(name, 64);
        if (value != null && !allowed.contains(value)) {
            violations.add(field(name), "must be one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
            return null;
        }
        return value;
    }

    /** A nested object, or empty (with an error recorded when present but not an object). */
    public Optional<JsonInput> optionalObject(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            violations.add(field(name), "must be an object");
            return Optional.empty();
        }
        return Optional.of(new JsonInput((ObjectNode) value, field(name), violations));
    }

    public ObjectNode node() {
        return node;
    }
}
