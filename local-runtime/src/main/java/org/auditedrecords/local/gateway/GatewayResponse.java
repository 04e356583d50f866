package org.auditedrecords.local.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A response to the client: the backend's, or the gateway's own error in API Management's JSON shape. */
public record GatewayResponse(int status, Map<String, String> headers, byte[] body) {

    /** An error shaped as API Management shapes its own: {@code {"statusCode": n, "message": "..."}}. */
    public static GatewayResponse error(int status, String message, Map<String, String> extraHeaders) {
        String json = "{\"statusCode\":" + status + ",\"message\":\"" + message.replace("\"", "'") + "\"}";
        Map<String, String> headers = new java.util.LinkedHashMap<>(extraHeaders);
        headers.put("content-type", "application/json");
        return new GatewayResponse(status, Map.copyOf(headers), json.getBytes(StandardCharsets.UTF_8));
    }

    public static GatewayResponse error(int status, String message) {
        return error(status, message, Map.of());
    }
}
