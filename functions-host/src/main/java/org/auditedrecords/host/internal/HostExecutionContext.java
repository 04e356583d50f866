package org.auditedrecords.host.internal;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.TraceContext;
import java.util.Map;
import java.util.logging.Logger;

/** The {@link ExecutionContext} of one invocation. */
record HostExecutionContext(Logger logger, String invocationId, String functionName, Trace trace)
        implements ExecutionContext {

    /**
     * The W3C trace context of the host's span for the invocation; {@link #PARENT_SPAN_ID} in the attributes names
     * the caller's span when the caller sent a valid traceparent.
     */
    record Trace(String traceparent, String tracestate, Map<String, String> attributes) implements TraceContext {
        static final String PARENT_SPAN_ID = "parentSpanId";

        @Override
        public String getTraceparent() {
            return traceparent;
        }

        @Override
        public String getTracestate() {
            return tracestate;
        }

        @Override
        public Map<String, String> getAttributes() {
            return attributes;
        }
    }

    @Override
    public Logger getLogger() {
        return logger;
    }

    @Override
    public String getInvocationId() {
        return invocationId;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public TraceContext getTraceContext() {
        return trace;
    }
}
