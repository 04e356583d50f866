package org.auditedrecords.local.gateway;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.auditedrecords.common.caller.CallerAssertion;
import org.auditedrecords.common.caller.CallerAssertions;
import org.auditedrecords.common.secrets.CachingSecretSource;
import org.auditedrecords.common.secrets.Secret;
import org.auditedrecords.common.trace.TraceParent;

/**
 * What the API Management policies do in Azure (env-terraform/policies), in plain Java: find the API, check the
 * subscription key and its product, allow only imported operations, rate-limit per subscription, then forward with
 * the client's keys stripped, the backend key from the vault injected, the caller identity (the subscription id) as a
 * signed caller assertion the app verifies ({@link CallerAssertions}) and
 * the W3C trace continued. The path is authorised and forwarded as the same decoded segments ({@link RequestPath}),
 * backend URLs in {@code Location} are rewritten to the gateway's, and every error the gateway answers itself is
 * problem details with the trace id.
 */
public final class GatewayPipeline {
    static final String SUBSCRIPTION_HEADER = "ocp-apim-subscription-key";
    static final String SUBSCRIPTION_QUERY = "subscription-key";
    /** The gateway's own id of each request, as APIM's {@code context.RequestId}; also inside the caller assertion. */
    static final String REQUEST_ID_HEADER = "x-request-id";
    /** Headers a client may not set: the gateway owns them. */
    private static final Set<String> STRIPPED = Set.of(SUBSCRIPTION_HEADER, "x-functions-key", "x-client-id",
            CallerAssertions.HEADER, REQUEST_ID_HEADER,
            "x-forwarded-for", "traceparent", "tracestate", "host", "content-length", "connection", "keep-alive",
            "transfer-encoding", "te", "upgrade", "proxy-authorization", "proxy-connection", "expect");
    private static final Set<String> STRIPPED_QUERY = Set.of(SUBSCRIPTION_QUERY, "code");

    private final List<Api> apis;
    private final List<Subscription> subscriptions;
    private final KeySet subscriptionKeys;
    private final CachingSecretSource backendKeys;
    private final RateLimiter rateLimiter;
    private final Backend backend;
    private final String assertionKeySecret;
    private final Clock clock;

    /**
     * @param backendKeys        the vault: backend keys and the caller-assertion key
     * @param assertionKeySecret the vault secret whose newest version signs caller assertions
     */
    public GatewayPipeline(List<Api> apis, List<Subscription> subscriptions, KeySet subscriptionKeys,
                           CachingSecretSource backendKeys, RateLimiter rateLimiter, Backend backend,
                           String assertionKeySecret, Clock clock) {
        // Longest prefix first, so /audit/... is not taken by an API mounted at the root.
        this.apis = apis.stream().sorted((a, b) -> b.prefix().length() - a.prefix().length()).toList();
        this.subscriptions = List.copyOf(subscriptions);
        this.subscriptionKeys = subscriptionKeys;
        this.backendKeys = backendKeys;
        this.rateLimiter = rateLimiter;
        this.backend = backend;
        this.assertionKeySecret = assertionKeySecret;
        this.clock = clock;
    }

    /** The outcome of one request, with who made it (for the request log). */
    public record Result(GatewayResponse response, String subscriptionId, String operationId) {
    }

    public Result handle(GatewayRequest request, TraceParent trace) {
        String traceId = trace.traceId();
        RequestPath path;
        try {
            path = RequestPath.parse(request.path());
        } catch (RequestPath.InvalidPathException e) {
            return new Result(e.status() == 404 ? notFound(traceId)
                    : GatewayResponse.problem(400, "malformed-request", "Malformed request", e.getMessage(), traceId),
                    null, null);
        }
        Optional<Api> api = apis.stream().filter(a -> a.remainder(path).isPresent()).findFirst();
        if (api.isEmpty()) {
            return new Result(notFound(traceId), null, null);
        }
        Optional<String> key = request.header(SUBSCRIPTION_HEADER).or(() -> Optional.ofNullable(request.query().get(SUBSCRIPTION_QUERY)));
        if (key.isEmpty()) {
            return new Result(unauthorized("Access denied due to missing subscription key. Make sure to include "
                    + "subscription key when making requests to an API.", traceId), null, null);
        }
        Optional<Subscription> subscription = subscriptionFor(key.get()).filter(s -> s.apis().contains(api.get().name()));
        if (subscription.isEmpty()) {
            return new Result(unauthorized("Access denied due to invalid subscription key. Make sure to provide "
                    + "a valid key for an active subscription.", traceId), null, null);
        }
        RequestPath remainder = api.get().remainder(path).orElseThrow();
        Optional<Api.Operation> operation = api.get().operation(request.method(), remainder);
        if (operation.isEmpty()) {
            return new Result(notFound(traceId), subscription.get().id(), null);
        }
        OptionalLong retryAfter = rateLimiter.acquire(subscription.get().id());
        if (retryAfter.isPresent()) {
            return new Result(GatewayResponse.problem(429, "too-many-requests", "Too many requests",
                    "Rate limit is exceeded. Try again in " + retryAfter.getAsLong() + " seconds.", traceId,
                    Map.of("retry-after", String.valueOf(retryAfter.getAsLong()))), subscription.get().id(),
                    operation.get().operationId());
        }
        // The one caller identity the gateway has determined; everything downstream (assertion, audit actor) uses it.
        String caller = subscription.get().id();
        GatewayResponse response = forward(api.get(), remainder, request, caller, trace);
        return new Result(response, subscription.get().id(), operation.get().operationId());
    }

    private static GatewayResponse notFound(String traceId) {
        return GatewayResponse.problem(404, "not-found", "Not found", "Resource not found", traceId);
    }

    private static GatewayResponse unauthorized(String detail, String traceId) {
        return GatewayResponse.problem(401, "unauthorized", "Unauthorized", detail, traceId);
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

    private GatewayResponse forward(Api api, RequestPath remainder, GatewayRequest request, String caller,
                                    TraceParent trace) {
        URI target = URI.create(api.backend() + remainder.encoded() + query(request.query()));
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach((name, value) -> {
            if (!STRIPPED.contains(name)) {
                headers.put(name, value);
            }
        });
        String requestId = UUID.randomUUID().toString();
        headers.put("x-client-id", caller);
        headers.put("x-forwarded-for", request.clientAddress());
        headers.put(REQUEST_ID_HEADER, requestId);
        headers.put("traceparent", trace.toString());
        request.header("tracestate").filter(s -> TraceParent.parse(request.headers().get("traceparent")).isPresent())
                .ifPresent(state -> headers.put("tracestate", state));
        GatewayResponse response;
        try {
            Instant now = clock.instant();
            headers.put(CallerAssertions.HEADER, CallerAssertions.sign(new CallerAssertion(caller,
                    request.clientAddress(), requestId, api.audience(), now, now.plus(CallerAssertions.LIFETIME)),
                    backendKeys.latest(assertionKeySecret)));
            Secret key = backendKeys.latest(api.backendKeySecret());
            headers.put("x-functions-key", key.value());
            response = backend.send(request.method(), target, headers, request.body());
            if (response.status() == 401) {
                // The backend key rotated since we cached it: read the newest version once and retry.
                backendKeys.invalidate(api.backendKeySecret());
                headers.put("x-functions-key", backendKeys.latest(api.backendKeySecret()).value());
                response = backend.send(request.method(), target, headers, request.body());
            }
        } catch (Backend.BackendUnavailableException e) {
            return GatewayResponse.problem(502, "bad-gateway", "Bad gateway", "The backend service did not answer.",
                    trace.traceId());
        } catch (RuntimeException e) {
            return GatewayResponse.problem(503, "service-unavailable", "Service unavailable",
                    "The gateway could not read the backend credentials or its signing key.", trace.traceId(), Map.of("retry-after", "5"));
        }
        String location = response.headers().get("location");
        return location == null ? response : response.withHeader("location", api.toGatewayUrl(location));
    }

    private static String query(Map<String, String> query) {
        String kept = query.entrySet().stream()
                .filter(e -> !STRIPPED_QUERY.contains(e.getKey()))
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return kept.isEmpty() ? "" : "?" + kept;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
