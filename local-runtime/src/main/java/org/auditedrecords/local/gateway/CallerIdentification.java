package org.auditedrecords.local.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * The one place where the gateway decides who is calling, as APIM does: a subscription key (header or query) of a
 * product that grants the API, or, with no key, a bearer token for a product that accepts tokens. Every later step
 * (limits, the identity forwarded to the backend, the request log) uses the {@link Caller} decided here.
 */
public final class CallerIdentification {
    static final String SUBSCRIPTION_HEADER = "ocp-apim-subscription-key";
    static final String SUBSCRIPTION_QUERY = "subscription-key";
    private static final String BEARER = "bearer ";

    private final List<Subscription> subscriptions;
    private final KeySet subscriptionKeys;
    private final Optional<TokenAccess> tokens;

    public CallerIdentification(List<Subscription> subscriptions, KeySet subscriptionKeys, Optional<TokenAccess> tokens) {
        this.subscriptions = List.copyOf(subscriptions);
        this.subscriptionKeys = subscriptionKeys;
        this.tokens = tokens;
    }

    /** The caller, or the 401 APIM answers. */
    public sealed interface Outcome permits Identified, Refused {
    }

    public record Identified(Caller caller) implements Outcome {
    }

    public record Refused(GatewayResponse response) implements Outcome {
    }

    /**
     * Who calls {@code api}. A presented key decides alone, as APIM validates a key whenever one is sent; a token is
     * only looked at when no key is, and only for an API of the token product.
     */
    public Outcome identify(GatewayRequest request, String api) {
        Optional<String> key = request.header(SUBSCRIPTION_HEADER)
                .or(() -> Optional.ofNullable(request.query().get(SUBSCRIPTION_QUERY)));
        if (key.isPresent()) {
            return subscriptionFor(key.get()).filter(s -> s.apis().contains(api))
                    .<Outcome>map(s -> new Identified(Caller.of(s)))
                    .orElseGet(() -> refused("Access denied due to invalid subscription key. Make sure to provide a valid "
                            + "key for an active subscription."));
        }
        Optional<TokenAccess> access = tokens.filter(t -> t.apis().contains(api));
        if (access.isEmpty()) {
            return refused("Access denied due to missing subscription key. Make sure to include subscription key when "
                    + "making requests to an API.");
        }
        Optional<String> token = request.header("authorization")
                .filter(h -> h.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(h -> h.substring(BEARER.length()).strip());
        try {
            String identity = access.get().validator().identity(token.orElseThrow(() -> new InvalidTokenException("no token")));
            return new Identified(new Caller(identity, access.get().product(), access.get().apis()));
        } catch (InvalidTokenException e) {
            return refused("Unauthorized. Access token is missing or invalid.");
        }
    }

    private static Refused refused(String message) {
        return new Refused(GatewayResponse.error(401, message));
    }

    private Optional<Subscription> subscriptionFor(String presented) {
        byte[] presentedBytes = presented.getBytes(StandardCharsets.UTF_8);
        for (Subscription subscription : subscriptions) {
            for (String accepted : subscriptionKeys.accepted(subscription.keySecret())) {
                if (MessageDigest.isEqual(presentedBytes, accepted.getBytes(StandardCharsets.UTF_8))) {
                    return Optional.of(subscription);
                }
            }
        }
        return Optional.empty();
    }
}
