package org.auditedrecords.local.gateway;

import java.util.Set;

/**
 * A product that first-party callers may use with an access token instead of a subscription key (in Azure: the
 * integrator product's validate-jwt).
 *
 * @param product the product whose APIs, rate limit and quota token callers get
 * @param apis    the APIs it grants
 */
public record TokenAccess(String product, Set<String> apis, TokenValidator validator) {
}
