package org.auditedrecords.audit;

import java.util.Map;

/**
 * What a caller asks the register to record (SYSTEM.md §4). Validated by {@link AuditEntryParser}; optional
 * fields are null when absent.
 *
 * @param query the search criteria of a search, sorted by name; null for other actions
 */
public record AuditEntry(String sourceSystemName, String action, Resource resource, String patientId,
                         String outcome, Actor actor, String correlationId, String relatesTo,
                         Map<String, String> query) {

    /** What was touched: {@code type} is patient, test, patient-search or audit-search. */
    public record Resource(String type, String id, String operation) {
    }

    /**
     * Who did it, as the gateway asserted it: the caller's client id, the client address when known, and the
     * gateway's own id of the request (beside the client-chosen trace id in {@code correlationId}).
     */
    public record Actor(String clientId, String address, String requestId) {
        /** An actor without a gateway request id (records from before the gateway asserted one). */
        public Actor(String clientId, String address) {
            this(clientId, address, null);
        }
    }
}
