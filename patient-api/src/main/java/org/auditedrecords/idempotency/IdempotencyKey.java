package org.auditedrecords.idempotency;

import java.util.Optional;
import org.auditedrecords.common.errors.ValidationException;

/**
 * An {@code Idempotency-Key} request header (IETF httpapi-idempotency-key-header): a Structured Field String, such as
 * {@code "8e03978e-40d5-43e8-bc93-6894a57f9324"}. The bare form without quotes, which many clients send, is accepted
 * too when it holds no quote or backslash. 1 to {@value #MAX_LENGTH} printable ASCII characters; anything else is a 400 that changes nothing.
 */
public record IdempotencyKey(String value) {
    public static final String HEADER = "Idempotency-Key";
    static final int MAX_LENGTH = 255;

    /** The key the request names, if any. */
    public static Optional<IdempotencyKey> parse(Optional<String> header) {
        return header.map(IdempotencyKey::parse);
    }

    private static IdempotencyKey parse(String header) {
        String value;
        if (header.startsWith("\"")) {
            value = header.length() >= 2 && header.endsWith("\"") ? unescape(header.substring(1, header.length() - 1))
                    : null;
        } else {
            // Bare: whatever a quoted string would have had to escape is not allowed.
            value = header.contains("\"") || header.contains("\\") ? null : header;
        }
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH
                || !value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw ValidationException.of(HEADER, "must be 1 to " + MAX_LENGTH
                    + " printable ASCII characters, as a quoted string, e.g. \"8e03978e-40d5-43e8-bc93-6894a57f9324\"");
        }
        return new IdempotencyKey(value);
    }

    /** A Structured Field String's escapes are {@code \"} and {@code \\} only; null for any other backslash. */
    private static String unescape(String quoted) {
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c == '\\') {
                if (i + 1 == quoted.length() || (quoted.charAt(i + 1) != '"' && quoted.charAt(i + 1) != '\\')) {
                    return null;
                }
                c = quoted.charAt(++i);
            } else if (c == '"') {
                return null;
            }
            value.append(c);
        }
        return value.toString();
    }
}
