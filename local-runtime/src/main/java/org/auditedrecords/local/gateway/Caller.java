package org.auditedrecords.local.gateway;

import java.util.Set;

/**
 * Who is calling, determined once per request: a subscription of a product, or the holder of an access token the
 * product accepts. {@code id} is what the backends record as the audit {@code actor.clientId}, and what the rate
 * limit and the quota count against.
 *
 * @param id      the subscription id, or the token's {@code oid} ({@code appid}/{@code azp} for app-only tokens)
 * @param product the product whose APIs, rate limit and quota apply
 * @param apis    the APIs the product grants
 */
public record Caller(String id, String product, Set<String> apis) {

    static Caller of(Subscription subscription) {
        return new Caller(subscription.id(), subscription.product(), subscription.apis());
    }
}
