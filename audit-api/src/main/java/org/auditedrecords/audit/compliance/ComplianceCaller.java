package org.auditedrecords.audit.compliance;

/**
 * The compliance officer behind a query, as the register records them.
 *
 * @param clientId      the gateway subscription of the compliance product that made the call, or null when unknown
 * @param address       the client's address, or null when unknown
 * @param correlationId the request's W3C trace id
 */
public record ComplianceCaller(String clientId, String address, String correlationId) {
}
