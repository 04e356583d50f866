package org.auditedrecords.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.client.StringRequestContent;

/**
 * A real HTTP client for the end-to-end tests, able to send from a chosen loopback address (to stand where the
 * gateway or an app stands, or outside every subnet).
 */
final class StackClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = new HttpClient();

    record Reply(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    StackClient(InetAddress source) {
        client.setBindAddress(new InetSocketAddress(source, 0));
        client.setFollowRedirects(false);
        try {
            client.start();
            // A 401 from the apps or the gateway carries no challenge; the caller handles it, so Jetty must not.
            client.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    StackClient() {
        this(InetAddress.getLoopbackAddress());
    }

    Reply send(String method, URI uri, Map<String, String> headers, String body) {
        Request request = client.newRequest(uri).method(method).timeout(30, TimeUnit.SECONDS);
        request.headers(h -> headers.forEach(h::put));
        if (body != null) {
            request.body(new StringRequestContent(headers.getOrDefault("Content-Type", "application/json"), body,
                    StandardCharsets.UTF_8));
        }
        try {
            ContentResponse response = request.send();
            Map<String, String> responseHeaders = new java.util.HashMap<>();
            response.getHeaders().forEach(f -> responseHeaders.put(f.getName().toLowerCase(java.util.Locale.ROOT), f.getValue()));
            return new Reply(response.getStatus(), responseHeaders, response.getContentAsString());
        } catch (Exception e) {
            throw new AssertionError("request failed: " + method + " " + uri.getPath(), e);
        }
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }
}
