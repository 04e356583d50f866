package org.auditedrecords.common.caller;

import java.time.Instant;
import java.util.Objects;

/**
 * What the gateway asserts about one request it forwards: who is calling, from where, under which gateway request id,
 * for which app, and for how long the assertion holds. The apps take the audit actor from here and from nowhere else.
 *
 * @param subject       the caller's identity as the gateway determined it (today the subscription id; an Entra ID
 *                      object or app id for token callers)
 * @param clientAddress the client's address as the gateway saw it, or null when unknown
 * @param requestId     the gateway's own id of the request (APIM {@code context.RequestId}), which no client chooses
 * @param audience      the app the assertion is for ({@code patient-api}, {@code audit-api}); another app refuses it
 */
public record CallerAssertion(String subject, String clientAddress, String requestId, String audience,
                              Instant issuedAt, Instant expiresAt) {

    public CallerAssertion {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
