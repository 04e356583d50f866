package org.auditedrecords.local.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import org.auditedrecords.common.http.Problem;
import org.auditedrecords.common.http.ProblemJson;

/** A response to the client: the backend's, or the gateway's own error as problem details. */
public record GatewayResponse(int status, Map<String, String> headers, byte[] body) {

    /**
     * An error the gateway answers itself, as {@code application/problem+json} with the request's trace id — the shape
     * of the apps' errors, so a client reads every error alike. The APIM policies' {@code on-error} section answers
     * the same way in Azure.
     *
     * @param kind the last part of the problem type, e.g. {@code not-found}
     */
    public static GatewayResponse problem(int status, String kind, String title, String detail, String traceId,
                                          Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        headers.put("content-type", Problem.MEDIA_TYPE);
        return new GatewayResponse(status, Map.copyOf(headers),
                ProblemJson.bytes(Problem.of(kind, title, status, detail, traceId)));
    }

    public static GatewayResponse problem(int status, String kind, String title, String detail, String traceId) {
        return problem(status, kind, title, detail, traceId, Map.of());
    }

    /** The same response with {@code name} set to {@code value} (lower-case names, as the pipeline keeps them). */
    public GatewayResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new GatewayResponse(status, copy, body);
    }
}
