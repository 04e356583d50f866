package org.auditedrecords.audittrail;

import java.util.Objects;
import org.auditedrecords.common.trace.TraceParent;

/**
 * Who made a request and in which trace, as every audit entry of the request names them.
 *
 * @param clientId the gateway subscription that made the call, or null when the gateway did not say
 * @param address  the client's address, or null when unknown
 * @param trace    the request's W3C trace: its trace id is the entry's correlation id, and the call to the register
 *                 continues it
 */
public record Caller(String clientId, String address, TraceParent trace) {

    public Caller {
        Objects.requireNonNull(trace, "trace");
    }

    /** The W3C trace id of the request: the audit correlation id. */
    public String correlationId() {
        return trace.traceId();
    }
}
