package org.auditedrecords.audit.compliance;

/**
 * The compliance officer behind a query, as the gateway asserted them and the register records them.
 *
 * @param clientId      the caller identity the gateway asserted (a subscription of the compliance product)
 * @param address       the client's address as the gateway asserted it, or null when unknown
 * @param requestId     the gateway's own id of the request, which the client cannot choose
 * @param correlationId the request's W3C trace id
 */
public record ComplianceCaller(String clientId, String address, String requestId, String correlationId) {
}
