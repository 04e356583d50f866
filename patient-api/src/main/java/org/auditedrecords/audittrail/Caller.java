package org.auditedrecords.audittrail;

import java.util.Objects;
import org.auditedrecords.common.trace.TraceParent;

/**
 * Who made a request and in which trace, as every audit entry of the request names them.
 *
 * @param clientId  the caller identity the gateway asserted (its subscription id)
 * @param address   the client's address as the gateway asserted it, or null when unknown
 * @param requestId the gateway's own id of the request, which the client cannot choose
 * @param trace     the request's W3C trace (the client may have chosen its id): its trace id is the entry's
 *                  correlation id, and the call to the register continues it
 */
public record Caller(String clientId, String address, String requestId, TraceParent trace) {

    public Caller {
        Objects.requireNonNull(trace, "trace");
    }

    /** The W3C trace id of the request: the audit correlation id. */
    public String correlationId() {
        return trace.traceId();
    }
}
