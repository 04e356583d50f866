package org.auditedrecords.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.auditedrecords.common.errors.MalformedRequestException;
import org.auditedrecords.common.errors.PayloadTooLargeException;
import org.auditedrecords.common.errors.UnsupportedMediaTypeException;

/** One invocation as a function body sees it: typed access to the request and JSON responses. */
public final class Call {
    private static final char REPLACEMENT_CHARACTER = '\uFFFD';
    private final HttpRequestMessage<Optional<String>> request;
    private final ExecutionContext context;
    private final String traceId;
    private final ObjectMapper mapper;

    Call(HttpRequestMessage<Optional<String>> request, ExecutionContext context, String traceId, ObjectMapper mapper) {
        this.request = request;
        this.context = context;
        this.traceId = traceId;
        this.mapper = mapper;
    }

    public HttpRequestMessage<Optional<String>> request() {
        return request;
    }

    public ExecutionContext context() {
        return context;
    }

    /** The W3C trace id of this request: the audit correlation id and the problem {@code traceId}. */
    public String traceId() {
        return traceId;
    }

    /** A request header; the Functions worker gives header names in lower case. */
    public Optional<String> header(String name) {
        String value = request.getHeaders().get(name.toLowerCase(Locale.ROOT));
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    public Optional<String> query(String name) {
        String value = request.getQueryParameters().get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /**
     * The body as a JSON object (SYSTEM.md §3). A body without {@code Content-Type} is read as JSON, as the original
     * system did; any other type than JSON ({@code application/json} or {@code +json}, UTF-8) is 415, and so is a
     * repeated {@code Content-Type}. Over {@link Endpoint#MAX_BODY_BYTES} is 413; invalid UTF-8, malformed JSON,
     * duplicate keys or a non-object are 400.
     */
    public ObjectNode jsonObject() {
        header("content-type").ifPresent(Call::requireJson);
        String body = request.getBody().orElse("");
        if (body.length() > Endpoint.MAX_BODY_BYTES
                || body.getBytes(StandardCharsets.UTF_8).length > Endpoint.MAX_BODY_BYTES) {
            throw new PayloadTooLargeException(Endpoint.MAX_BODY_BYTES);
        }
        if (body.indexOf(REPLACEMENT_CHARACTER) >= 0) {
            // The worker decodes the body as UTF-8 and replaces each invalid sequence with U+FFFD, so that character
            // is the only trace of invalid bytes; no field of the contract needs it, so it is refused outright.
            throw new MalformedRequestException("The request body is not valid UTF-8.");
        }
        if (body.isBlank()) {
            throw new MalformedRequestException("The request body is empty; a JSON object is required.");
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            // The parser's message can quote the payload, so it is not passed on.
            throw new MalformedRequestException("The request body is not well-formed JSON.");
        }
        if (node == null || !node.isObject()) {
            throw new MalformedRequestException("The request body must be a JSON object.");
        }
        return (ObjectNode) node;
    }

    private static void requireJson(String contentType) {
        String[] parts = contentType.split(";");
        String mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
        boolean json = mediaType.equals("application/json") || (mediaType.startsWith("application/")
                && mediaType.endsWith("+json") && !mediaType.contains(","));
        for (int i = 1; i < parts.length && json; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].strip().equalsIgnoreCase("charset")) {
                json = parameter.length == 2 && parameter[1].strip().replace("\"", "").equalsIgnoreCase("utf-8");
            }
        }
        if (!json) {
            throw new UnsupportedMediaTypeException("Send the body as application/json (UTF-8), or without a Content-Type.");
        }
    }

    public HttpResponseMessage.Builder json(HttpStatus status, Object body) {
        return request.createResponseBuilder(status)
                .header("Content-Type", "application/json; charset=utf-8")
                .body(write(mapper, body));
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    static String write(ObjectMapper mapper, Object body) {
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Could not serialize a response of type " + body.getClass().getSimpleName(), e);
        }
    }
}
