package org.auditedrecords.host;

import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link HttpResponseMessage.Builder} behind {@code createResponseBuilder}. Setting a header again replaces it, as
 * in the Java worker. Not thread-safe, like any builder.
 */
public final class ResponseBuilder implements HttpResponseMessage.Builder {
    private HttpStatusType status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Object body;

    public ResponseBuilder(HttpStatusType status) {
        this.status = Objects.requireNonNull(status, "status");
    }

    @Override
    public ResponseBuilder status(HttpStatusType status) {
        this.status = Objects.requireNonNull(status, "status");
        return this;
    }

    @Override
    public ResponseBuilder header(String name, String value) {
        headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
        headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    @Override
    public ResponseBuilder body(Object body) {
        this.body = body;
        return this;
    }

    @Override
    public SimpleHttpResponse build() {
        return new SimpleHttpResponse(status, headers, body);
    }
}
