package org.auditedrecords.local.gateway;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.auditedrecords.common.trace.TraceParent;
import org.auditedrecords.host.Draining;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The local API gateway: a Jetty server in front of {@link GatewayPipeline}. */
public final class Gateway implements AutoCloseable {
    /** Larger than any app accepts (1 MiB) so that the app, not the gateway, answers with its problem details. */
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private final Server server;
    private final ServerConnector connector;
    private final GracefulHandler inFlight;

    /**
     * One request as logged: never the query string (it may hold a key) nor any header value.
     *
     * @param spanId       the gateway's span, the parent of the backend call
     * @param parentSpanId the client's span when it sent a valid traceparent, else null
     */
    public record LogEntry(String method, String path, int status, double millis, String subscription,
                           String operation, String traceId, String spanId, String parentSpanId) {
    }

    /** @param console the compliance console's files, served before any API (they need no subscription key) */
    public Gateway(InetSocketAddress listen, GatewayPipeline pipeline, ConsoleSite console, Consumer<LogEntry> log) {
        server = new Server(new QueuedThreadPool(64, 4));
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        http.setRequestHeaderSize(16 * 1024);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(listen.getHostString());
        connector.setPort(listen.getPort());
        connector.setIdleTimeout(30_000);
        server.addConnector(connector);
        inFlight = new GracefulHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                long start = System.nanoTime();
                var caller = TraceParent.parse(request.getHeaders().get("traceparent"));
                TraceParent trace = caller.map(TraceParent::child).orElseGet(TraceParent::newRoot);
                GatewayPipeline.Result result;
                byte[] body = readBody(request);
                var file = console.serve(request.getMethod(), request.getHttpURI().getDecodedPath());
                if (file.isPresent()) {
                    result = new GatewayPipeline.Result(file.get(), null, "ComplianceConsole");
                } else if (body == null) {
                    result = new GatewayPipeline.Result(GatewayResponse.error(413, "Request body too large."), null, null);
                } else {
                    result = pipeline.handle(toGatewayRequest(request, body), trace);
                }
                GatewayResponse out = result.response();
                response.setStatus(out.status());
                out.headers().forEach((name, value) -> response.getHeaders().put(name, value));
                response.write(true, ByteBuffer.wrap(out.body()), callback);
                log.accept(new LogEntry(request.getMethod(), request.getHttpURI().getPath(), out.status(),
                        (System.nanoTime() - start) / 1e6, result.callerId(), result.operationId(), trace.traceId(),
                        trace.spanId(), caller.map(TraceParent::spanId).orElse(null)));
                return true;
            }
        });
        server.setHandler(inFlight);
    }

    private static byte[] readBody(Request request) throws java.io.IOException {
        long declared = request.getLength();
        if (declared > MAX_BODY_BYTES) {
            return null;
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? null : body;
        }
    }

    private static GatewayRequest toGatewayRequest(Request request, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.merge(field.getName().toLowerCase(Locale.ROOT), field.getValue(), (a, b) -> a + ", " + b);
        }
        Map<String, String> query = new LinkedHashMap<>();
        Fields fields = Request.extractQueryParameters(request);
        fields.forEach(f -> query.put(f.getName(), f.getValue()));
        return new GatewayRequest(request.getMethod(), request.getHttpURI().getDecodedPath(), query, headers, body,
                Request.getRemoteAddr(request));
    }

    public void start() {
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the gateway on " + connector.getHost() + ":" + connector.getPort(), e);
        }
    }

    public URI baseUri() {
        return URI.create("http://" + connector.getHost() + ":" + connector.getLocalPort());
    }

    /**
     * Answers new requests 503 and waits up to {@code max} for those in flight to be answered; returns whether
     * they all were. The port stays bound until {@link #close()}.
     */
    public boolean drain(Duration max) {
        return !server.isStarted() || Draining.drain(inFlight, max);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
