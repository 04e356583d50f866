package org.auditedrecords.host;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable {@link HttpRequestMessage}, shaped as the Java worker delivers it: header names in lower case, query
 * parameters decoded (first value of each). The host passes one to every function; unit tests of the apps can build
 * their own.
 *
 * @param uri             the full request URI, query included
 * @param httpMethod      the method
 * @param headers         header values by name; names are lower-cased here
 * @param queryParameters decoded query parameters
 * @param body            the body in the type the function asked for; empty/{@code null} when there was none
 * @param <T>             the body type
 */
public record SimpleHttpRequest<T>(
        URI uri, HttpMethod httpMethod, Map<String, String> headers, Map<String, String> queryParameters, T body)
        implements HttpRequestMessage<T> {

    public SimpleHttpRequest {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(httpMethod, "httpMethod");
        Map<String, String> lowerCased = new LinkedHashMap<>();
        headers.forEach((name, value) -> lowerCased.put(name.toLowerCase(Locale.ROOT), value));
        headers = Map.copyOf(lowerCased);
        queryParameters = Map.copyOf(queryParameters);
    }

    @Override
    public URI getUri() {
        return uri;
    }

    @Override
    public HttpMethod getHttpMethod() {
        return httpMethod;
    }

    @Override
    public Map<String, String> getHeaders() {
        return headers;
    }

    @Override
    public Map<String, String> getQueryParameters() {
        return queryParameters;
    }

    @Override
    public T getBody() {
        return body;
    }

    @Override
    public ResponseBuilder createResponseBuilder(HttpStatus status) {
        return new ResponseBuilder(status);
    }

    @Override
    public ResponseBuilder createResponseBuilder(HttpStatusType status) {
        return new ResponseBuilder(status);
    }
}
