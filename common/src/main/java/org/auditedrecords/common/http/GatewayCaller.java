package org.auditedrecords.common.http;

import com.microsoft.azure.functions.TraceContext;
import org.auditedrecords.common.trace.TraceParent;

/**
 * Who is calling, as the gateway told the app, and in which trace: the one reading of the gateway's headers for
 * both apps, so the Patient API's and the Audit API's audit entries name callers alike.
 *
 * @param clientId the gateway subscription that made the call ({@value #CLIENT_ID_HEADER}), or null when absent
 * @param address  the client's address (first hop of {@value #FORWARDED_FOR_HEADER}), or null when absent
 * @param trace    the invocation's W3C trace; its trace id is {@link Call#traceId()}
 */
public record GatewayCaller(String clientId, String address, TraceParent trace) {
    /** Set by the gateway from the caller's subscription; trusted because only the gateway can reach the apps. */
    public static final String CLIENT_ID_HEADER = "x-client-id";
    public static final String FORWARDED_FOR_HEADER = "x-forwarded-for";
    /** The audit register's limits for these fields. */
    public static final int CLIENT_ID_MAX = 128;
    public static final int ADDRESS_MAX = 64;

    /**
     * Reads the caller of one invocation. A value with control characters is dropped rather than recorded, and one
     * longer than the register accepts is cut to its limit, so a header can never make the audit entry invalid.
     */
    public static GatewayCaller of(Call call) {
        String clientId = call.header(CLIENT_ID_HEADER).map(v -> clean(v, CLIENT_ID_MAX)).orElse(null);
        String address = call.header(FORWARDED_FOR_HEADER)
                .map(v -> clean(v.split(",", 2)[0].strip(), ADDRESS_MAX)).orElse(null);
        return new GatewayCaller(clientId, address, trace(call));
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

    private static String clean(String value, int max) {
        if (value.isEmpty() || value.codePoints().anyMatch(Character::isISOControl)) {
            return null;
        }
        return value.length() <= max ? value : value.substring(0, max);
    }
}
