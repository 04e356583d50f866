package org.auditedrecords.audittrail.http;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A stand-in for the Audit API on a free loopback port: records what it receives and answers as scripted (by default
 * 201 with a new record id), so the client's handling of each answer can be tested.
 */
final class ScriptedAuditApi implements AutoCloseable {
    /** One request as received. */
    record Received(String method, String path, String key, String traceparent, String contentType, String body,
                    String remoteAddress, int remotePort) {
    }

    /** One scripted answer. */
    record Answer(int status, String body, Duration delay) {
        static Answer of(int status) {
            return new Answer(status, "", Duration.ZERO);
        }

        static Answer created(String id) {
            return new Answer(201, "{\"id\":\"" + id + "\",\"recordedAt\":\"2025-06-15T10:00:00.000Z\"}", Duration.ZERO);
        }
    }

    private final Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
    private final List<Received> received = new ArrayList<>();
    private final Deque<Answer> script = new ArrayDeque<>();

    ScriptedAuditApi() {
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                Answer answer = receive(new Received(request.getMethod(), request.getHttpURI().getPath(),
                        request.getHeaders().get("x-functions-key"), request.getHeaders().get("traceparent"),
                        request.getHeaders().get(HttpHeader.CONTENT_TYPE), body, Request.getRemoteAddr(request),
                        Request.getRemotePort(request)));
                Thread.sleep(answer.delay().toMillis());
                response.setStatus(answer.status());
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                Content.Sink.write(response, true, answer.body(), callback);
                return true;
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("The scripted Audit API did not start", e);
        }
    }

    /** The answers to the next requests, in order; after them every request gets 201 again. */
    synchronized void answer(Answer... answers) {
        script.addAll(List.of(answers));
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** The base URL the client is configured with, as {@code AUDIT_API_URL} would be. */
    URI baseUri() {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/api");
    }

    private synchronized Answer receive(Received request) {
        received.add(request);
        return script.isEmpty() ? Answer.created(UUID.randomUUID().toString()) : script.poll();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
