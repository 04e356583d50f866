package org.auditedrecords.patientapi.functions;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import com.microsoft.azure.functions.TraceContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.auditedrecords.common.caller.CallerAssertion;
import org.auditedrecords.common.caller.CallerAssertions;
import org.auditedrecords.common.json.Json;
import org.auditedrecords.common.secrets.Secret;
import org.auditedrecords.common.secrets.SecretNotFoundException;
import org.auditedrecords.common.secrets.SecretSource;
import org.auditedrecords.patient.PatientSamples;
import org.auditedrecords.patientapi.PatientApp;

/**
 * Invocations as the Functions worker makes them, for adapter tests: Mockito stands in for the worker's request and
 * context; responses are built by a plain builder and read back as status, headers and JSON.
 */
final class FunctionCalls {
    static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    static final String TRACEPARENT = "00-" + TRACE_ID + "-b7ad6b7169203331-01";
    private static final ObjectMapper JSON = Json.newMapper();
    private static final String ASSERTION_KEY = "assertion-key-for-tests-0000000000000000";
    /** The Patient API's verifier of the assertions these requests carry: slot a holds the key. */
    static final CallerAssertions CALLERS = new CallerAssertions(new SecretSource() {
        @Override
        public Secret latest(String name) {
            if (!name.equals("gateway-assertion-key-a")) {
                throw new SecretNotFoundException(name);
            }
            return new Secret(name, "v1", ASSERTION_KEY);
        }

        @Override
        public Secret version(String name, String version) {
            throw new SecretNotFoundException(name, version);
        }
    }, "gateway-assertion-key", PatientApp.AUDIENCE, PatientSamples.CLOCK);

    private FunctionCalls() {
    }

    /** The gateway's assertion that integrator-1 calls from 203.0.113.7, in request req-1. */
    static String assertion() {
        Instant now = PatientSamples.CLOCK.instant();
        return CallerAssertions.sign(new CallerAssertion("integrator-1", "203.0.113.7", "req-1", PatientApp.AUDIENCE,
                now, now.plus(CallerAssertions.LIFETIME)), "a", ASSERTION_KEY);
    }

    /** A request as the gateway forwards it: JSON content type, the caller assertion and trace headers. */
    static HttpRequestMessage<Optional<String>> request(HttpMethod method, String body, String... headerPairs) {
        Map<String, String> headers = new HashMap<>(Map.of("content-type", "application/json"));
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.put(headerPairs[i].toLowerCase(Locale.ROOT), headerPairs[i + 1]);
        }
        return request(method, body, headers, Map.of());
    }

    /** A request with these headers, and the gateway's caller assertion unless {@code headers} name one. */
    @SuppressWarnings("unchecked")
    static HttpRequestMessage<Optional<String>> request(HttpMethod method, String body, Map<String, String> given,
                                                        Map<String, String> query) {
        Map<String, String> headers = new HashMap<>(given);
        headers.putIfAbsent(CallerAssertions.HEADER, assertion());
        HttpRequestMessage<Optional<String>> request = mock(HttpRequestMessage.class);
        when(request.getHttpMethod()).thenReturn(method);
        when(request.getUri()).thenReturn(URI.create("http://localhost/api/patient"));
        when(request.getHeaders()).thenReturn(headers);
        when(request.getQueryParameters()).thenReturn(query);
        when(request.getBody()).thenReturn(Optional.ofNullable(body));
        when(request.createResponseBuilder(any(HttpStatus.class)))
                .thenAnswer(call -> new Builder(call.getArgument(0, HttpStatus.class)));
        when(request.createResponseBuilder(any(HttpStatusType.class)))
                .thenAnswer(call -> new Builder(call.getArgument(0, HttpStatusType.class)));
        return request;
    }

    /** The worker's context of one invocation, in the trace {@link #TRACEPARENT}. */
    static ExecutionContext context() {
        ExecutionContext context = mock(ExecutionContext.class);
        TraceContext trace = mock(TraceContext.class);
        when(trace.getTraceparent()).thenReturn(TRACEPARENT);
        when(context.getTraceContext()).thenReturn(trace);
        when(context.getLogger()).thenReturn(Logger.getLogger("patient-api-test"));
        when(context.getInvocationId()).thenReturn("invocation-1");
        return context;
    }

    static JsonNode json(HttpResponseMessage response) {
        return json((String) response.getBody());
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A response as the worker would send it. */
    record Response(HttpStatusType getStatus, Map<String, String> headers, Object getBody) implements HttpResponseMessage {
        @Override
        public String getHeader(String name) {
            return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
    }

    private static final class Builder implements HttpResponseMessage.Builder {
        private HttpStatusType status;
        private final Map<String, String> headers = new HashMap<>();
        private Object body;

        Builder(HttpStatusType status) {
            this.status = status;
        }

        @Override
        public HttpResponseMessage.Builder status(HttpStatusType status) {
            this.status = status;
            return this;
        }

        @Override
        public HttpResponseMessage.Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        @Override
        public HttpResponseMessage.Builder body(Object body) {
            this.body = body;
            return this;
        }

        @Override
        public HttpResponseMessage build() {
            return new Response(status, Map.copyOf(headers), body);
        }
    }
}
