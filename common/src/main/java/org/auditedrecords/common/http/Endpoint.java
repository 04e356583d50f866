package org.auditedrecords.common.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.function.Function;
import org.auditedrecords.common.logging.StructuredLog;
import org.auditedrecords.common.trace.TraceParent;

/**
 * The HTTP edge shared by every function: runs the function's body with a {@link Call} and turns any failure
 * into an {@code application/problem+json} response. Process-wide: build it once with the app's mapper.
 */
public final class Endpoint {
    /** Bodies over 1 MiB are refused with 413 (SYSTEM.md §3). */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private final String component;
    private final ObjectMapper mapper;

    /**
     * @param component the app's name in structured logs, e.g. {@code patient-api}
     * @param mapper    the process-wide mapper, normally {@code Json.newMapper()} built once
     */
    public Endpoint(String component, ObjectMapper mapper) {
        this.component = component;
        this.mapper = mapper;
    }

    /** Runs one invocation and logs it as one structured line: ids, function, status and duration, no payload. */
    public HttpResponseMessage handle(HttpRequestMessage<Optional<String>> request, ExecutionContext context,
                                      Function<Call, HttpResponseMessage> body) {
        long start = System.nanoTime();
        TraceParent trace = trace(context);
        HttpResponseMessage response;
        try {
            response = body.apply(new Call(request, context, trace.traceId(), mapper));
        } catch (RuntimeException failure) {
            Problem problem = ProblemMapper.toProblem(failure, trace.traceId(), context.getLogger());
            response = problem(request, problem);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", "invocation");
        fields.put("traceId", trace.traceId());
        fields.put("spanId", trace.spanId());
        fields.put("invocationId", context.getInvocationId());
        fields.put("functionName", context.getFunctionName());
        fields.put("status", response.getStatusCode());
        fields.put("durationMs", Math.round((System.nanoTime() - start) / 1e4) / 100.0);
        StructuredLog.log(context.getLogger(), response.getStatusCode() >= 500 ? Level.WARNING : Level.INFO, component, fields);
        return response;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    HttpResponseMessage problem(HttpRequestMessage<?> request, Problem problem) {
        HttpResponseMessage.Builder builder = request.createResponseBuilder(HttpStatusType.custom(problem.status()))
                .header("Content-Type", Problem.MEDIA_TYPE)
                .body(Call.write(mapper, problem));
        if (problem.status() == 503) {
            builder.header("Retry-After", "5");
        } else if (problem.status() == 409) {
            // A conflict here is a request with the same idempotency key still in progress: it finishes in seconds.
            builder.header("Retry-After", "1");
        }
        return builder.build();
    }

    /** The host's span of this invocation, as its trace context gives it; a fresh trace if it gives none. */
    static TraceParent trace(ExecutionContext context) {
        var trace = context.getTraceContext();
        return TraceParent.parse(trace == null ? null : trace.getTraceparent()).orElseGet(TraceParent::newRoot);
    }
}
