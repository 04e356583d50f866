package org.auditedrecords.patientapi.functions;

import org.auditedrecords.audittrail.Caller;
import org.auditedrecords.common.caller.CallerAssertions;
import org.auditedrecords.common.http.Call;
import org.auditedrecords.common.http.GatewayCaller;

/** The caller of an invocation, as the audit trail names it, from the gateway's signed caller assertion. */
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
        GatewayCaller caller = GatewayCaller.of(call, assertions);
        return new Caller(caller.clientId(), caller.address(), caller.requestId(), caller.trace());
    }
}
