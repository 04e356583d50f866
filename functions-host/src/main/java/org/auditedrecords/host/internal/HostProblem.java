package org.auditedrecords.host.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.auditedrecords.common.http.Problem;
import org.auditedrecords.common.http.ProblemJson;
import org.auditedrecords.common.trace.TraceParent;
import org.eclipse.jetty.server.Request;

/**
 * The errors the host answers itself (403, 404, 401, 413, 400, 431, 503, 500), as {@code application/problem+json}
 * with the request's trace id — the same shape the apps' own errors have, so a client needs one error reader.
 */
public final class HostProblem {
    /** A status the host refuses with, and what the client is told. */
    public record Refusal(int status, String kind, String title, String detail) {
    }

    private HostProblem() {
    }

    /** The refusal for a status Jetty produced itself (an unparsable request line, headers too large, ...). */
    public static Refusal forJettyStatus(int status) {
        return switch (status) {
            case 404 -> new Refusal(404, "not-found", "Not found", "No function serves this method and path.");
            case 413 -> new Refusal(413, "payload-too-large", "Payload too large", "The request body is too large.");
            case 414, 431 -> new Refusal(status, "request-too-large", "Request too large",
                    "The request line or its headers are too large.");
            case 503 -> new Refusal(503, "service-unavailable", "Service unavailable", "The app is not serving now.");
            default -> status >= 500
                    ? new Refusal(status, "internal", "Internal error", "The host could not serve the request.")
                    : new Refusal(status, "malformed-request", "Malformed request",
                    "The request is not valid HTTP or its path cannot be decoded.");
        };
    }

    /** The trace id of the caller's valid {@code traceparent}, else of a new trace. */
    public static String traceId(Request request) {
        return TraceParent.parse(request.getHeaders().get("traceparent")).orElseGet(TraceParent::newRoot).traceId();
    }

    /** The headers of a problem response, plus {@code extra}. */
    static Map<String, String> headers(Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>(extra);
        headers.put("Content-Type", Problem.MEDIA_TYPE);
        return headers;
    }

    public static byte[] body(Refusal refusal, String traceId) {
        return ProblemJson.bytes(Problem.of(refusal.kind(), refusal.title(), refusal.status(), refusal.detail(), traceId));
    }
}
