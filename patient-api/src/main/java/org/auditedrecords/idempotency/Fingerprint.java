package org.auditedrecords.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * What makes two requests "the same" for an idempotency key: the operation (method and path) and the JSON body, with
 * object members in name order, so a client that re-serializes its retry differently still matches; any other
 * difference, one character of one value, does not. Stored as SHA-256, never the body itself.
 */
public final class Fingerprint {
    private static final ObjectMapper SORTED = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private Fingerprint() {
    }

    /** @param operation e.g. {@code POST patient/{patientId}/tests} with the actual patient id */
    public static String of(String operation, JsonNode body) {
        try {
            String canonical = SORTED.writeValueAsString(SORTED.convertValue(body, Map.class));
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(operation.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            return HexFormat.of().formatHex(sha256.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot fingerprint a request body", e);
        }
    }
}
