package org.auditedrecords.local.gateway;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.http.HttpField;

/**
 * The gateway's connection to the apps: one pooled client whose connections leave from the gateway subnet's
 * address, as APIM's do from its subnet in Azure, so the apps' access restrictions can tell who is calling.
 */
public final class JettyBackend implements Backend, AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "upgrade", "content-length", "server", "date");

    private final HttpClient client;
    private final Duration timeout;

    public JettyBackend(InetAddress sourceAddress, Duration timeout) {
        this.timeout = timeout;
        this.client = new HttpClient();
        client.setBindAddress(new InetSocketAddress(sourceAddress, 0));
        client.setConnectTimeout(2000);
        client.setFollowRedirects(false);
        client.setMaxConnectionsPerDestination(256);
        client.setUserAgentField(null);
        // A body the client sent without Content-Type goes on without one: the app reads it as JSON, as the original
        // system did, where a made-up application/octet-stream would be refused.
        client.setDefaultRequestContentType(null);
        try {
            client.start();
            // A 401 from the apps or the gateway carries no challenge; the caller handles it, so Jetty must not.
            client.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the gateway's backend client", e);
        }
    }

    @Override
    public GatewayResponse send(String method, URI uri, Map<String, String> headers, byte[] body) {
        Request request = client.newRequest(uri).method(method).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        request.headers(h -> headers.forEach((name, value) -> {
            if (!name.equals("content-type")) {
                h.put(name, value);
            }
        }));
        if (body.length > 0) {
            request.body(new BytesRequestContent(headers.get("content-type"), body));
        }
        try {
            ContentResponse response = request.send();
            Map<String, String> responseHeaders = new LinkedHashMap<>();
            for (HttpField field : response.getHeaders()) {
                String name = field.getName().toLowerCase(Locale.ROOT);
                if (!HOP_BY_HOP.contains(name)) {
                    responseHeaders.merge(name, field.getValue(), (a, b) -> a + ", " + b);
                }
            }
            return new GatewayResponse(response.getStatus(), responseHeaders, response.getContent());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("Interrupted while calling " + uri.getHost(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new BackendUnavailableException("No answer from " + uri.getHost() + ":" + uri.getPort(), e);
        }
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }
}
