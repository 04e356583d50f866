package org.auditedrecords.local.gateway;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.auditedrecords.common.caller.CallerAssertion;
import org.auditedrecords.common.caller.CallerAssertions;
import org.auditedrecords.common.secrets.CachingSecretSource;
import org.auditedrecords.common.secrets.Secret;
import org.auditedrecords.common.trace.TraceParent;

/**
/**
 * What the API Management policies do in Azure (env-terraform/policies), in plain Java: find the API, identify the
 * caller once (subscription key of a product, or an access token the product accepts: {@link CallerIdentification}),
 * allow only imported operations, apply the rate limit and the product's quota, then forward with the client's
 * credentials stripped, the backend key from the vault injected, the caller's identity ({@link Caller#id()}) as a
 * signed caller assertion the apps verify ({@link CallerAssertions}) and the W3C trace continued. The path is
 * authorised and forwarded as the same decoded segments ({@link RequestPath}), backend URLs in {@code Location} are
 * rewritten to the gateway's, and every error the gateway answers itself is problem details with the trace id.
 */
public final class GatewayPipeline {
    /** The gateway's own id of each request, as APIM's {@code context.RequestId}; also inside the caller assertion. */
    static final String REQUEST_ID_HEADER = "x-request-id";
    /** Headers a client may not set: the gateway owns them. Client credentials are for the gateway, never the app. */
    private static final Set<String> STRIPPED = Set.of(CallerIdentification.SUBSCRIPTION_HEADER, "authorization",
            "x-functions-key", "x-client-id", CallerAssertions.HEADER, REQUEST_ID_HEADER, "x-forwarded-for",
            "traceparent", "tracestate", "host", "content-length", "connection", "keep-alive", "transfer-encoding", "te",
            "upgrade", "proxy-authorization", "proxy-connection", "expect");
    private static final Set<String> STRIPPED_QUERY = Set.of(CallerIdentification.SUBSCRIPTION_QUERY, "code");

    private final List<Api> apis;
    private final CallerIdentification callers;
    private final CachingSecretSource backendKeys;
    private final CallLimits limits;
    private final Backend backend;
    private final String assertionKeySecret;
    private final Clock clock;

    /**
     * @param backendKeys        the vault: backend keys and the caller-assertion key
     * @param assertionKeySecret the vault secret whose newest version signs caller assertions
     */
    public GatewayPipeline(List<Api> apis, CallerIdentification callers, CachingSecretSource backendKeys,
                           CallLimits limits, Backend backend, String assertionKeySecret, Clock clock) {
        // Longest prefix first, so /audit/... is not taken by an API mounted at the root.
        this.apis = apis.stream().sorted((a, b) -> b.prefix().length() - a.prefix().length()).toList();
        this.callers = callers;
        this.backendKeys = backendKeys;
        this.limits = limits;
        this.backend = backend;
        this.assertionKeySecret = assertionKeySecret;
        this.clock = clock;
    }

    /**
     * The outcome of one request, with who made it (for the request log).
     *
     * @param callerId the {@link Caller#id()}: a subscription id, or a token's identity
     */
    public record Result(GatewayResponse response, String callerId, String operationId) {
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
        CallerIdentification.Outcome identified = callers.identify(request, api.get().name(), traceId);
        if (identified instanceof CallerIdentification.Refused refused) {
            return new Result(refused.response(), null, null);
        }
        // The one caller identity the gateway has determined; everything downstream (limits, assertion, audit actor) uses it.
        Caller caller = ((CallerIdentification.Identified) identified).caller();
        RequestPath remainder = api.get().remainder(path).orElseThrow();
        Optional<Api.Operation> operation = api.get().operation(request.method(), remainder);
        if (operation.isEmpty()) {
            return new Result(notFound(traceId), caller.id(), null);
        }
        Optional<GatewayResponse> refusal = limits.refusal(caller, traceId);
        if (refusal.isPresent()) {
            return new Result(refusal.get(), caller.id(), operation.get().operationId());
        }
        GatewayResponse response = forward(api.get(), remainder, request, caller.id(), trace);
        return new Result(response, caller.id(), operation.get().operationId());
    }

    private static GatewayResponse notFound(String traceId) {
        return GatewayResponse.problem(404, "not-found", "Not found", "Resource not found", traceId);
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
