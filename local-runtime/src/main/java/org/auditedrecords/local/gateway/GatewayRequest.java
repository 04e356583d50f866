package org.auditedrecords.local.gateway;

import java.util.Map;
import java.util.Optional;

/**
 * A client request as the gateway sees it.
 *
 * @param headers lower-case names; repeated headers joined with ", "
 * @param query   decoded query parameters (first value of each)
 */
public record GatewayRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
                             byte[] body, String clientAddress) {

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name)).filter(v -> !v.isBlank());
    }
}
