package org.auditedrecords.local.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The call limits of the gateway policies, in their order: the rate limit per caller (429, as
 * {@code rate-limit-by-key}), then the daily quota of the caller's product (403, as {@code quota-by-key}). A call
 * the rate limit refuses is not counted against the quota, because APIM stops at the first policy that refuses.
 */
public final class CallLimits {
    private final RateLimiter rateLimiter;
    private final Map<String, Quota> quotasByProduct;

    /** @throws IllegalArgumentException when a product has no quota: an unlimited product would be a gap, not a choice */
    public CallLimits(RateLimiter rateLimiter, Map<String, Quota> quotasByProduct, java.util.Collection<String> products) {
        for (String product : products) {
            if (!quotasByProduct.containsKey(product)) {
                throw new IllegalArgumentException("Product '" + product + "' has no quota");
            }
        }
        this.rateLimiter = rateLimiter;
        this.quotasByProduct = Map.copyOf(quotasByProduct);
    }

    /** Empty when the call may proceed; else the refusal, with {@code Retry-After}, in APIM's shape. */
    public Optional<GatewayResponse> refusal(Caller caller) {
        OptionalLong retryAfter = rateLimiter.acquire(caller.id());
        if (retryAfter.isPresent()) {
            return Optional.of(GatewayResponse.error(429, "Rate limit is exceeded. Try again in " + retryAfter.getAsLong()
                    + " seconds.", Map.of("retry-after", String.valueOf(retryAfter.getAsLong()))));
        }
        Quota quota = quotasByProduct.get(caller.product());
        OptionalLong renewsIn = quota == null ? OptionalLong.of(1) : quota.acquire(caller.product() + "/" + caller.id());
        if (renewsIn.isPresent()) {
            return Optional.of(GatewayResponse.error(403, "Out of call volume quota. Quota will be replenished in "
                    + hms(renewsIn.getAsLong()) + ".", Map.of("retry-after", String.valueOf(renewsIn.getAsLong()))));
        }
        return Optional.empty();
    }

    /** APIM writes the time to renewal as a .NET TimeSpan: {@code hh:mm:ss}. */
    private static String hms(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        return String.format("%02d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }
}
