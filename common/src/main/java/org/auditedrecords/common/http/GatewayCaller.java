package org.auditedrecords.common.http;

import com.microsoft.azure.functions.TraceContext;
import org.auditedrecords.common.caller.CallerAssertion;
import org.auditedrecords.common.caller.CallerAssertions;
import org.auditedrecords.common.trace.TraceParent;

/**
 * Who is calling, as the gateway asserted it, and in which trace: the one reading of the gateway's caller assertion
 * for both apps, so the Patient API's and the Audit API's audit entries name callers alike and only as the gateway
 * signed them. No bare header ({@code x-client-id}, {@code x-forwarded-for}) is read: anyone holding a key that
 * opens an app could set those.
 *
 * @param clientId  the caller identity the gateway decided (a subscription id, or an access token's oid/appid)
 * @param address   the client's address as the gateway saw it, or null when unknown
 * @param requestId the gateway's own id of the request, which the client cannot choose
 * @param trace     the invocation's W3C trace (the client may have chosen its id); its trace id is {@link Call#traceId()}
 */
public record GatewayCaller(String clientId, String address, String requestId, TraceParent trace) {

    /**
     * The caller of one invocation, verified before anything is read, written or audited. The assertion's claims are
     * already held to the register's limits by {@link CallerAssertions#verify}.
     *
     * @throws org.auditedrecords.common.caller.CallerAssertionException (401) when the assertion is missing, forged,
     *                                                                   expired or for another app
     */
    public static GatewayCaller of(Call call, CallerAssertions assertions) {
        CallerAssertion asserted = assertions.verify(call.header(CallerAssertions.HEADER));
        return new GatewayCaller(asserted.subject(), asserted.clientAddress(), asserted.requestId(), trace(call));
    }

    /** The W3C trace id of the request: the audit correlation id. */
    public String correlationId() {
        return trace.traceId();
    }

    /**
     * The invocation's trace context, whose trace id is {@link Call#traceId()}. When the host gave none (or a malformed
     * one) the edge started a new trace; its span is made up here so calls onwards still continue that trace.
     */
    private static TraceParent trace(Call call) {
        TraceContext context = call.context().getTraceContext();
        return TraceParent.parse(context == null ? null : context.getTraceparent())
                .filter(trace -> trace.traceId().equals(call.traceId()))
                .orElseGet(() -> new TraceParent(call.traceId(), TraceParent.newRoot().spanId(), "01"));
    }
}
