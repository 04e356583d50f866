package org.auditedrecords.host.internal;

import com.microsoft.azure.functions.HttpMethod;
import java.lang.reflect.InvocationTargetException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.auditedrecords.host.AccessRestrictions;
import org.auditedrecords.host.FunctionKeys;
import org.auditedrecords.host.SimpleHttpResponse;
import org.auditedrecords.common.trace.TraceParent;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The request pipeline, in the order the Functions platform applies it: access restrictions (403), route and method
 * (404), key (401), body size (413), then the function on the worker pool (503 when full or too slow, 500 when it
 * fails). Jetty threads never wait for a function.
 */
public final class HostHandler extends Handler.Abstract {
    static final String FUNCTION_ATTRIBUTE = HostHandler.class.getName() + ".function";
    static final String CONTEXT_ATTRIBUTE = HostHandler.class.getName() + ".context";
    private static final Logger LOG = Logger.getLogger(HostHandler.class.getName());
    private static final String PLAIN_TEXT = "text/plain; charset=utf-8";
    private static final Map<String, String> TEXT = Map.of("Content-Type", PLAIN_TEXT);
    private static final byte[] EMPTY = new byte[0];

    /** What the handler needs besides the functions: the app's name for logs and its security settings. */
    public record Settings(
            String appName, FunctionKeys keys, AccessRestrictions restrictions, long maxRequestBodyBytes) {
    }

    private final Settings settings;
    private final RouteTable routes;
    private final InvocationRunner runner;
    /** Each function's logger, looked up once: a lookup per invocation takes the log manager's lock. */
    private final Map<String, Logger> functionLoggers = new ConcurrentHashMap<>();

    public HostHandler(Settings settings, RouteTable routes, InvocationRunner runner) {
        this.settings = settings;
        this.routes = routes;
        this.runner = runner;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        InetSocketAddress remote = (InetSocketAddress) request.getConnectionMetaData().getRemoteSocketAddress();
        InetAddress source = remote.getAddress();
        if (!settings.restrictions().permits(source)) {
            LOG.warning(() -> settings.appName() + ": 403 for " + source.getHostAddress() + " " + request.getMethod()
                    + " " + request.getHttpURI().getPath() + ": no rule of " + settings.restrictions() + " admits it");
            return refuse(request, response, callback, 403, TEXT, "Forbidden: this address may not call the app.");
        }
        Optional<HttpMethod> method = method(request.getMethod());
        String path = request.getHttpURI().getDecodedPath();
        Optional<RouteTable.Match> match = method.isEmpty() || path == null
                ? Optional.empty() : routes.match(method.get(), path);
        if (match.isEmpty()) {
            return refuse(request, response, callback, 404, Map.of(), "");
        }
        HttpFunction function = match.get().function();
        request.setAttribute(FUNCTION_ATTRIBUTE, function.name());
        Optional<Map<String, String>> query = query(request);
        if (query.isEmpty()) { // malformed percent-encoding: a client error, not a 500
            return refuse(request, response, callback, 400, Map.of(), "");
        }
        String header = request.getHeaders().get("x-functions-key");
        String key = header != null ? header : query.get().get("code");
        if (!KeyCheck.opens(settings.keys(), function, key)) {
            return refuse(request, response, callback, 401, Map.of(), "");
        }
        if (request.getLength() > settings.maxRequestBodyBytes()) {
            return refuse(request, response, callback, 413, TEXT, "Request body too large.");
        }
        BodyReader.read(request, settings.maxRequestBodyBytes()).whenComplete((body, failure) -> {
            if (failure instanceof BodyReader.TooLargeException) {
                refuse(request, response, callback, 413, TEXT, "Request body too large.");
            } else if (failure != null) {
                callback.failed(failure);
            } else {
                invoke(request, response, callback, match.get(), method.get(), query.get(), body);
            }
        });
        return true;
    }

    private void invoke(Request request, Response response, Callback callback, RouteTable.Match match,
            HttpMethod method, Map<String, String> query, byte[] body) {
        HttpFunction function = match.function();
        Map<String, String> headers = headers(request);
        HostExecutionContext context = context(function, headers);
        request.setAttribute(CONTEXT_ATTRIBUTE, context);
        Invocation invocation = new Invocation(request.getHttpURI().toURI(), method, headers, query,
                body.length == 0 ? null : body, match.routeValues(), context);
        // The function timeout bounds a running function; the connection's idle timeout must not cut it short.
        request.addIdleTimeoutListener(timeout -> false);
        runner.submit(() -> function.invoke(invocation)).whenComplete((result, failure) -> {
            try {
                respond(response, callback, context, result, failure);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, e, () -> describe(context) + ": the response could not be sent");
                callback.failed(e);
            }
        });
    }

    private void respond(Response response, Callback callback, HostExecutionContext context, Object result,
            Throwable failure) {
        if (failure instanceof RejectedExecutionException) {
            LOG.warning(() -> describe(context) + ": 503, every worker thread is busy and the queue is full");
            send(response, callback, 503, Map.of("Content-Type", PLAIN_TEXT, "Retry-After", "1"),
                    "The app is at capacity; retry shortly.");
        } else if (failure instanceof TimeoutException) {
            LOG.warning(() -> describe(context) + ": 503, " + failure.getMessage());
            send(response, callback, 503, TEXT, "The function did not finish in time.");
        } else if (failure != null) {
            Throwable cause = failure instanceof InvocationTargetException thrown ? thrown.getCause() : failure;
            LOG.log(Level.SEVERE, cause, () -> describe(context) + ": 500, the function threw");
            send(response, callback, 500, Map.of(), EMPTY);
        } else if (!(result instanceof SimpleHttpResponse message)) {
            LOG.severe(() -> describe(context) + ": 500, the function returned "
                    + (result == null ? "null" : result.getClass().getName())
                    + " instead of a response from request.createResponseBuilder");
            send(response, callback, 500, Map.of(), EMPTY);
        } else if (message.body() != null && !(message.body() instanceof String || message.body() instanceof byte[])) {
            LOG.severe(() -> describe(context) + ": 500, a response body of type " + message.body().getClass().getName()
                    + " cannot be sent; give a String or byte[]");
            send(response, callback, 500, Map.of(), EMPTY);
        } else {
            Map<String, String> headers = new LinkedHashMap<>(message.headers());
            if (message.body() instanceof String && message.getHeader("Content-Type") == null) {
                headers.put("Content-Type", PLAIN_TEXT);
            }
            byte[] body = message.body() instanceof String text ? text.getBytes(StandardCharsets.UTF_8)
                    : message.body() == null ? EMPTY : (byte[]) message.body();
            send(response, callback, message.getStatusCode(), headers, body);
        }
    }

    // The host's span continues the caller's trace when its traceparent is valid; otherwise a new trace starts.
    private HostExecutionContext context(HttpFunction function, Map<String, String> headers) {
        Optional<TraceParent> caller = TraceParent.parse(headers.get("traceparent"));
        String tracestate = caller.isPresent() ? headers.getOrDefault("tracestate", "") : "";
        TraceParent span = caller.map(TraceParent::child).orElseGet(TraceParent::newRoot);
        Logger logger = functionLoggers.computeIfAbsent(function.name(), name -> Logger.getLogger("Function." + name));
        return new HostExecutionContext(logger, UUID.randomUUID().toString(), function.name(),
                new HostExecutionContext.Trace(span.toString(), tracestate,
                        caller.map(c -> Map.of(HostExecutionContext.Trace.PARENT_SPAN_ID, c.spanId())).orElse(Map.of())));
    }

    private String describe(HostExecutionContext context) {
        return settings.appName() + " " + context.functionName() + " (invocation " + context.invocationId() + ")";
    }

    /**
     * Answers before the request body was read. The unread body would otherwise be taken for the next request on
     * the connection, so the connection is closed and the client knows not to reuse it.
     */
    private static boolean refuse(Request request, Response response, Callback callback, int status,
            Map<String, String> headers, String body) {
        if (request.getLength() != 0) {
            Map<String, String> closing = new LinkedHashMap<>(headers);
            closing.put("Connection", "close");
            return send(response, callback, status, closing, body);
        }
        return send(response, callback, status, headers, body);
    }

    private static boolean send(Response response, Callback callback, int status, Map<String, String> headers,
            String body) {
        return send(response, callback, status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean send(Response response, Callback callback, int status, Map<String, String> headers,
            byte[] body) {
        response.setStatus(status);
        headers.forEach(response.getHeaders()::put);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    private static Optional<HttpMethod> method(String name) {
        try {
            return Optional.of(HttpMethod.valueOf(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    // The Java worker gives header names in lower case and joins repeated headers with ", ".
    private static Map<String, String> headers(Request request) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.merge(field.getLowerCaseName(), field.getValue(), (first, next) -> first + ", " + next);
        }
        return headers;
    }

    /** The decoded query parameters, or empty when the query string's percent-encoding is malformed. */
    private static Optional<Map<String, String>> query(Request request) {
        Fields fields;
        try {
            fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Map<String, String> query = new LinkedHashMap<>();
        fields.forEach(field -> query.put(field.getName(), field.getValue()));
        return Optional.of(query);
    }
}
