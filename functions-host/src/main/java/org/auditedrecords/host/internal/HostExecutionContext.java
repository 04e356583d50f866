package org.auditedrecords.host.internal;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.TraceContext;
import java.util.Map;
import java.util.logging.Logger;

/** The {@link ExecutionContext} of one invocation. */
record HostExecutionContext(Logger logger, String invocationId, String functionName, Trace trace)
        implements ExecutionContext {

    /** The W3C trace context of the host's span for the invocation. */
    record Trace(String traceparent, String tracestate) implements TraceContext {
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
            return Map.of();
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
