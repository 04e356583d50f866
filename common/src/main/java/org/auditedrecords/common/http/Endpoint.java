package org.auditedrecords.common.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import java.util.Optional;
import java.util.function.Function;
import org.auditedrecords.common.trace.TraceParent;

/**
 * The HTTP edge shared by every function: runs the function's body with a {@link Call} and turns any failure
 * into an {@code application/problem+json} response. Process-wide: build it once with the app's mapper.
 */
public final class Endpoint {
    /** Bodies over 1 MiB are refused with 413 (SYSTEM.md §3). */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private final ObjectMapper mapper;

    /**
     * @param mapper the process-wide mapper, normally {@code Json.newMapper()} built once
     */
    public Endpoint(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public HttpResponseMessage handle(HttpRequestMessage<Optional<String>> request, ExecutionContext context,
                                      Function<Call, HttpResponseMessage> body) {
        String traceId = traceId(context);
        try {
            return body.apply(new Call(request, context, traceId, mapper));
        } catch (RuntimeException failure) {
            Problem problem = ProblemMapper.toProblem(failure, traceId, context.getLogger());
            return problem(request, problem);
        }
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
        }
        return builder.build();
    }

    /** The trace id of this invocation, as the host's trace context gives it; a fresh one if it gives none. */
    static String traceId(ExecutionContext context) {
        var trace = context.getTraceContext();
        return TraceParent.parse(trace == null ? null : trace.getTraceparent())
                .orElseGet(TraceParent::newRoot)
                .traceId();
    }
}
