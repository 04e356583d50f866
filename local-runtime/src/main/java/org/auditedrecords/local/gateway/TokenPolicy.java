package org.auditedrecords.local.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * What an access token must say to be accepted, as the Terraform's {@code validate-jwt} on the integrator product
 * (env-terraform/policies/api-inbound.xml): issued by the tenant, for the audience, with the app role.
 *
 * @param issuer       the exact {@code iss}
 * @param tenantId     the exact {@code tid}
 * @param audience     required in {@code aud} (a string, or an array holding it)
 * @param requiredRole required in the {@code roles} array
 * @param clockSkew    tolerance on {@code exp} and {@code nbf}, as validate-jwt's {@code clock-skew}
 */
public record TokenPolicy(String issuer, String tenantId, String audience, String requiredRole, Duration clockSkew) {

    /** validate-jwt's default {@code clock-skew}: none. */
    public static final Duration NO_SKEW = Duration.ZERO;

    public TokenPolicy {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(requiredRole, "requiredRole");
        Objects.requireNonNull(clockSkew, "clockSkew");
    }

    /** The v2.0 token issuer of an Entra ID tenant, as Entra ID writes it and the APIM policy checks it. */
    public static TokenPolicy entra(String tenantId, String audience, String requiredRole) {
        return new TokenPolicy("https://login.microsoftonline.com/" + tenantId + "/v2.0", tenantId, audience, requiredRole,
                NO_SKEW);
    }
}
