package org.auditedrecords.patientapi.functions;

import com.microsoft.azure.functions.TraceContext;
import org.auditedrecords.audittrail.Caller;
import org.auditedrecords.common.caller.CallerAssertion;
import org.auditedrecords.common.caller.CallerAssertions;
import org.auditedrecords.common.http.Call;
import org.auditedrecords.common.trace.TraceParent;

/** Reads who is calling from the gateway's signed caller assertion, and the invocation's trace. */
final class Callers {
    private Callers() {
    }

    /**
     * The caller the gateway asserted, verified before anything is read, written or audited: a request without a
     * valid assertion is refused (401) whatever key opened the app, so nobody can be audited in another's name.
     *
     * @throws org.auditedrecords.common.caller.CallerAssertionException when the assertion is missing or invalid
     */
    static Caller of(Call call, CallerAssertions assertions) {
        CallerAssertion asserted = assertions.verify(call.header(CallerAssertions.HEADER));
        return new Caller(asserted.subject(), asserted.clientAddress(), asserted.requestId(), trace(call));
    }

    /**
     * The invocation's trace context, whose trace id is {@link Call#traceId()}. When the host gave none (or a malformed
     * one) the edge started a new trace; its span is made up here so the audit call still continues that trace.
     */
    private static TraceParent trace(Call call) {
        TraceContext context = call.context().getTraceContext();
        return TraceParent.parse(context == null ? null : context.getTraceparent())
                .filter(trace -> trace.traceId().equals(call.traceId()))
                .orElseGet(() -> new TraceParent(call.traceId(), TraceParent.newRoot().spanId(), "01"));
    }
}
