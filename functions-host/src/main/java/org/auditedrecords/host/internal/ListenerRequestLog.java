package org.auditedrecords.host.internal;

import com.microsoft.azure.functions.ExecutionContext;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.auditedrecords.host.RequestListener;
import org.auditedrecords.host.RequestLogEntry;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.NanoTime;

/**
 * Feeds Jetty's per-request log to the {@link RequestListener}; Jetty calls it once per finished request, including
 * the requests it refused itself (malformed, headers too large).
 */
public final class ListenerRequestLog implements RequestLog {
    private static final Logger LOG = Logger.getLogger(ListenerRequestLog.class.getName());

    private final RequestListener listener;

    public ListenerRequestLog(RequestListener listener) {
        this.listener = listener;
    }

    @Override
    public void log(Request request, Response response) {
        ExecutionContext context = (ExecutionContext) request.getAttribute(HostHandler.CONTEXT_ATTRIBUTE);
        RequestLogEntry entry = new RequestLogEntry(
                request.getMethod(),
                request.getHttpURI().getPath(),
                response.getStatus(),
                Duration.ofNanos(NanoTime.since(request.getBeginNanoTime())),
                Request.getRemoteAddr(request),
                (String) request.getAttribute(HostHandler.FUNCTION_ATTRIBUTE),
                context == null ? null : context.getInvocationId(),
                context == null ? null : context.getTraceContext().getTraceparent(),
                context == null ? null : context.getTraceContext().getAttributes().get(HostExecutionContext.Trace.PARENT_SPAN_ID));
        try {
            listener.onRequest(entry);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The request listener failed; the request itself was served.", e);
        }
    }
}
