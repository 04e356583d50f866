package org.auditedrecords.local.gateway;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * An API behind the gateway: requests under {@code prefix} go to {@code backend} + the rest of the path, with the
 * backend's function key read from the vault secret {@code backendKeySecret}. Only the listed operations pass.
 */
public record Api(String name, String prefix, URI backend, String backendKeySecret, List<Operation> operations) {

    /** An operation as imported from the API's OpenAPI document. */
    public record Operation(String operationId, String method, PathTemplate path) {
    }

    /** The part of {@code path} below this API's prefix, if the path is under it. */
    public Optional<String> remainder(String path) {
        if (prefix.isEmpty()) {
            return Optional.of(path);
        }
        if (path.equals(prefix) || path.startsWith(prefix + "/")) {
            return Optional.of(path.substring(prefix.length()));
        }
        return Optional.empty();
    }

    public Optional<Operation> operation(String method, String remainder) {
        return operations.stream()
                .filter(op -> op.method().equalsIgnoreCase(method) && op.path().matches(remainder))
                .findFirst();
    }
}
