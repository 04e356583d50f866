package org.auditedrecords.idempotency;

import java.util.Map;
import java.util.TreeMap;

/**
 * A create's answer as first sent, kept to be sent again for a retry with the same key: status, body and the headers
 * that belong to it ({@code Content-Type}, {@code Location}, {@code ETag}).
 */
public record StoredResponse(int status, String body, Map<String, String> headers) {

    public StoredResponse {
        headers = Map.copyOf(new TreeMap<>(headers));
    }
}
