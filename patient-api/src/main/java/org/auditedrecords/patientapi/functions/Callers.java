package org.auditedrecords.patientapi.functions;

import com.microsoft.azure.functions.TraceContext;
import org.auditedrecords.audittrail.Caller;
import org.auditedrecords.common.http.Call;
import org.auditedrecords.common.trace.TraceParent;

/** Reads who is calling from the headers the gateway sets, and the invocation's trace. */
final class Callers {
    /** Set by the gateway from the caller's subscription; trusted because only the gateway can reach the app. */
    static final String CLIENT_ID_HEADER = "x-client-id";
    static final String FORWARDED_FOR_HEADER = "x-forwarded-for";
    /** The Audit API's limits for these fields. */
    private static final int CLIENT_ID_MAX = 128;
    private static final int ADDRESS_MAX = 64;

    private Callers() {
    }

    static Caller of(Call call) {
        String clientId = call.header(CLIENT_ID_HEADER).map(v -> clean(v, CLIENT_ID_MAX)).orElse(null);
        String address = call.header(FORWARDED_FOR_HEADER)
                .map(v -> clean(v.split(",", 2)[0].strip(), ADDRESS_MAX)).orElse(null);
        return new Caller(clientId, address, trace(call));
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

    /** A header value fit to record: cut to the register's limit; dropped if it holds control characters. */
    private static String clean(String value, int max) {
        if (value.isEmpty() || value.codePoints().anyMatch(Character::isISOControl)) {
            return null;
        }
        return value.length() <= max ? value : value.substring(0, max);
    }
}
