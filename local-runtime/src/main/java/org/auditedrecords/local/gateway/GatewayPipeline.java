package org.auditedrecords.local.gateway;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.auditedrecords.common.secrets.CachingSecretSource;
import org.auditedrecords.common.secrets.Secret;
import org.auditedrecords.common.trace.TraceParent;

/**
 * What the API Management policies do in Azure (env-terraform/policies), in plain Java: find the API, identify the
 * caller (subscription key of a product, or an access token the product accepts), allow only imported operations,
 * apply the rate limit and the product's quota, then forward with the client's credentials stripped, the backend key
 * from the vault injected, the caller's identity and the W3C trace continued.
 */
public final class GatewayPipeline {
    /** Headers a client may not set: the gateway owns them. Client credentials are for the gateway, never the app. */
    private static final Set<String> STRIPPED = Set.of(CallerIdentification.SUBSCRIPTION_HEADER, "authorization",
            "x-functions-key", "x-client-id", "x-forwarded-for", "traceparent", "tracestate", "host", "content-length",
            "connection", "keep-alive", "transfer-encoding", "te", "upgrade", "proxy-authorization", "proxy-connection",
            "expect");
    private static final Set<String> STRIPPED_QUERY = Set.of(CallerIdentification.SUBSCRIPTION_QUERY, "code");

    private final List<Api> apis;
    private final CallerIdentification callers;
    private final CachingSecretSource backendKeys;
    private final CallLimits limits;
    private final Backend backend;

    public GatewayPipeline(List<Api> apis, CallerIdentification callers, CachingSecretSource backendKeys, CallLimits limits,
                           Backend backend) {
        // Longest prefix first, so /audit/... is not taken by an API mounted at the root.
        this.apis = apis.stream().sorted((a, b) -> b.prefix().length() - a.prefix().length()).toList();
        this.callers = callers;
        this.backendKeys = backendKeys;
        this.limits = limits;
        this.backend = backend;
    }

    /**
     * The outcome of one request, with who made it (for the request log).
     *
     * @param callerId the {@link Caller#id()}: a subscription id, or a token's identity
     */
    public record Result(GatewayResponse response, String callerId, String operationId) {
    }

    public Result handle(GatewayRequest request, TraceParent trace) {
        Optional<Api> api = apis.stream().filter(a -> a.remainder(request.path()).isPresent()).findFirst();
        if (api.isEmpty()) {
            return new Result(GatewayResponse.error(404, "Resource not found"), null, null);
        }
        CallerIdentification.Outcome identified = callers.identify(request, api.get().name());
        if (identified instanceof CallerIdentification.Refused refused) {
            return new Result(refused.response(), null, null);
        }
        Caller caller = ((CallerIdentification.Identified) identified).caller();
        String remainder = api.get().remainder(request.path()).orElseThrow();
        Optional<Api.Operation> operation = api.get().operation(request.method(), remainder);
        if (operation.isEmpty()) {
            return new Result(GatewayResponse.error(404, "Resource not found"), caller.id(), null);
        }
        Optional<GatewayResponse> refusal = limits.refusal(caller);
        if (refusal.isPresent()) {
            return new Result(refusal.get(), caller.id(), operation.get().operationId());
        }
        GatewayResponse response = forward(api.get(), remainder, request, caller, trace);
        return new Result(response, caller.id(), operation.get().operationId());
    }

    private GatewayResponse forward(Api api, String remainder, GatewayRequest request, Caller caller, TraceParent trace) {
        URI target = URI.create(api.backend() + remainder + query(request.query()));
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach((name, value) -> {
            if (!STRIPPED.contains(name)) {
                headers.put(name, value);
            }
        });
        headers.put("x-client-id", caller.id());
        headers.put("x-forwarded-for", request.clientAddress());
        headers.put("traceparent", trace.toString());
        request.header("tracestate").filter(s -> TraceParent.parse(request.headers().get("traceparent")).isPresent())
                .ifPresent(state -> headers.put("tracestate", state));
        try {
            Secret key = backendKeys.latest(api.backendKeySecret());
            headers.put("x-functions-key", key.value());
            GatewayResponse response = backend.send(request.method(), target, headers, request.body());
            if (response.status() == 401) {
                // The backend key rotated since we cached it: read the newest version once and retry.
                backendKeys.invalidate(api.backendKeySecret());
                headers.put("x-functions-key", backendKeys.latest(api.backendKeySecret()).value());
                response = backend.send(request.method(), target, headers, request.body());
            }
            return response;
        } catch (Backend.BackendUnavailableException e) {
            return GatewayResponse.error(502, "The backend service did not answer.");
        } catch (RuntimeException e) {
            return GatewayResponse.error(503, "The gateway could not read the backend credentials.");
        }
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
