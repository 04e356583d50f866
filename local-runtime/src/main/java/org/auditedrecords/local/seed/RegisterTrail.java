package org.auditedrecords.local.seed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.atomic.AtomicLong;
import org.auditedrecords.audit.AuditEntryParser;
import org.auditedrecords.audittrail.AuditEntry;
import org.auditedrecords.audittrail.AuditTrail;
import org.auditedrecords.audittrail.http.CreateAuditRecordBody;
import org.auditedrecords.auditapi.AuditApp;

/**
 * The Patient API's audit trail wired straight to an Audit API in the same process: the body the Patient API would
 * send, read by the Audit API's own parser, appended by its register. Only the HTTP hop between them is left out, so
 * a stored record is the one the stack would have stored for the same request. Counts what it appended.
 */
final class RegisterTrail implements AuditTrail {
    private final AuditApp audit;
    private final String sourceSystemName;
    private final ObjectMapper mapper;
    private final AtomicLong appended = new AtomicLong();

    /** @param sourceSystemName the Patient API's source name, which the register binds to its callers */
    RegisterTrail(AuditApp audit, String sourceSystemName, ObjectMapper mapper) {
        if (!audit.config().callerSource().equals(sourceSystemName)) {
            throw new IllegalArgumentException("The register accepts entries from " + audit.config().callerSource()
                    + ", not " + sourceSystemName);
        }
        this.audit = audit;
        this.sourceSystemName = sourceSystemName;
        this.mapper = mapper;
    }

    /** Durable when it returns, as {@link org.auditedrecords.audit.AuditRegister#append} is. */
    @Override
    public String record(AuditEntry entry) {
        ObjectNode body = mapper.valueToTree(CreateAuditRecordBody.of(sourceSystemName, entry));
        String id = audit.register().append(AuditEntryParser.parse(body, audit.config().sourceSystemName())).id();
        appended.incrementAndGet();
        return id;
    }

    long appended() {
        return appended.get();
    }
}
