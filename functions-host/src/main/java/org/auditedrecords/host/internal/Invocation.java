package org.auditedrecords.host.internal;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import java.net.URI;
import java.util.Map;

/** Everything a function's parameters can be bound from, before conversion to the types the function declares. */
record Invocation(
        URI uri,
        HttpMethod method,
        Map<String, String> headers,
        Map<String, String> queryParameters,
        byte[] body,
        Map<String, String> routeValues,
        ExecutionContext context) {
}
