package org.auditedrecords.host;

import java.time.Duration;

/**
 * One finished request. Holds no query string and no header, since either may carry a key.
 *
 * @param method        the HTTP method
 * @param path          the path without the query string
 * @param status        the status sent
 * @param duration      from the first byte of the request to the last byte of the response
 * @param remoteAddress the client's IP address
 * @param functionName  the function the route matched, or {@code null} when none did
 * @param invocationId  the invocation id, or {@code null} when no function was invoked
 * @param traceparent   the host span's {@code traceparent}, or {@code null} when no function was invoked
 * @param parentSpanId  the caller's span id when the caller sent a valid {@code traceparent}, else {@code null}
 */
public record RequestLogEntry(
        String method,
        String path,
        int status,
        Duration duration,
        String remoteAddress,
        String functionName,
        String invocationId,
        String traceparent,
        String parentSpanId) {
}
