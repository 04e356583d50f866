package org.auditedrecords.patientapi.functions;

import org.auditedrecords.audittrail.Caller;
import org.auditedrecords.common.http.Call;
import org.auditedrecords.common.http.GatewayCaller;

/** The caller of an invocation, as the audit trail names it, from the headers the gateway sets. */
final class Callers {
    private Callers() {
    }

    static Caller of(Call call) {
        GatewayCaller caller = GatewayCaller.of(call);
        return new Caller(caller.clientId(), caller.address(), caller.trace());
    }
}
