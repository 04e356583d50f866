package org.auditedrecords.local.gateway;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * An API behind the gateway: requests under {@code prefix} go to {@code backend} + the rest of the path, with the
 * backend's function key read from the vault secret {@code backendKeySecret} and a caller assertion for the app
 * {@code audience}. Only the listed operations pass.
 */
public record Api(String name, String prefix, URI backend, String backendKeySecret, String audience,
                  List<Operation> operations) {

    /** An operation as imported from the API's OpenAPI document. */
    public record Operation(String operationId, String method, PathTemplate path) {
    }

    /** The part of {@code path} below this API's prefix, if the path is under it. */
    public Optional<RequestPath> remainder(RequestPath path) {
        List<String> prefixSegments = PathTemplate.split(prefix);
        return path.startsWith(prefixSegments) ? Optional.of(path.drop(prefixSegments.size())) : Optional.empty();
    }

    public Optional<Operation> operation(String method, RequestPath remainder) {
        return operations.stream()
                .filter(op -> op.method().equalsIgnoreCase(method) && op.path().matches(remainder))
                .findFirst();
    }

    /**
     * A backend URL in a response header ({@code Location}) as the client must see it: the backend's base (absolute,
     * or as an absolute path) becomes this API's prefix; anything else is left as it is. APIM's outbound policy makes
     * the same rewrite in Azure (env-terraform/policies/api-inbound.xml).
     */
    public String toGatewayUrl(String backendUrl) {
        String base = backend.toString();
        String basePath = backend.getRawPath();
        for (String from : List.of(base, basePath)) {
            if (backendUrl.equals(from) || backendUrl.startsWith(from + "/")) {
                return prefix + backendUrl.substring(from.length());
            }
        }
        return backendUrl;
    }
}
