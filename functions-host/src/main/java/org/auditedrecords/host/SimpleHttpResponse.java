package org.auditedrecords.host;

import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An immutable {@link HttpResponseMessage}, as built by {@link ResponseBuilder}. Unit tests of the apps can use it to
 * read what a function returned.
 *
 * @param status  the status
 * @param headers the headers as the function named them; looked up case-insensitively
 * @param body    the body as given ({@code String}, {@code byte[]} or {@code null} are what the host can send)
 */
public record SimpleHttpResponse(HttpStatusType status, Map<String, String> headers, Object body)
        implements HttpResponseMessage {

    public SimpleHttpResponse {
        Objects.requireNonNull(status, "status");
        Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        headers = Collections.unmodifiableMap(copy);
    }

    @Override
    public HttpStatusType getStatus() {
        return status;
    }

    @Override
    public String getHeader(String name) {
        return headers.get(name);
    }

    @Override
    public Object getBody() {
        return body;
    }
}
