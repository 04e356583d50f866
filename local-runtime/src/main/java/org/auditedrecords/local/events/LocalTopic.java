package org.auditedrecords.local.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.Set;
import org.auditedrecords.common.json.Json;
import org.auditedrecords.common.tls.LocalCertificate;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * An Event Grid custom topic on this machine, speaking the HTTP contract the Azure SDK's publisher client speaks:
 * {@code POST /api/events?api-version=…} over HTTPS, the access key in {@code aeg-sas-key}, a CloudEvents 1.0 batch
 * as {@code application/cloudevents-batch+json} (at most 1 MB). It answers 200 once every event of the batch is
 * queued for the subscriptions whose type filter it passes, and 401, 400, 413 or 415 (changing nothing) otherwise.
 * Delivery is {@link WebhookDelivery}'s, asynchronous, so a slow or absent subscriber never slows a publisher.
 */
public final class LocalTopic implements AutoCloseable {
    /** Event Grid's limit for one publish request. */
    static final int MAX_BATCH_BYTES = 1024 * 1024;
    static final String PATH = "/api/events";
    private static final Set<String> REQUIRED = Set.of("specversion", "id", "source", "type");

    private final Server server = new Server();
    private final ServerConnector connector;
    private final List<WebhookDelivery> deliveries = new ArrayList<>();
    private final ObjectMapper mapper = Json.newMapper();
    private final Clock clock;

    /**
     * @param acceptedKeys the access keys accepted now (both during a rotation), read on every request
     */
    public LocalTopic(String host, int port, LocalCertificate certificate, Supplier<Set<String>> acceptedKeys,
                      List<EventSubscription> subscriptions, Path deadLetterDir, Clock clock) {
        this.clock = clock;
        subscriptions.forEach(s -> deliveries.add(new WebhookDelivery(s, deadLetterDir, clock)));
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(certificate.keyStore().toString());
        tls.setKeyStorePassword(certificate.password());
        tls.setKeyStoreType("PKCS12");
        HttpConfiguration https = new HttpConfiguration();
        https.setSendServerVersion(false);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // Clients name the topic by IP address, which carries no SNI.
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                int status = publish(request, acceptedKeys.get());
                response.setStatus(status);
                if (status != 200) {
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                    Content.Sink.write(response, true, "{\"error\":{\"code\":\"" + code(status) + "\"}}", callback);
                } else {
                    callback.succeeded();
                }
                return true;
            }
        });
    }

    public void start() {
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the local Event Grid topic on " + connector.getHost() + ":"
                    + connector.getPort(), e);
        }
    }

    /** What {@code EVENT_GRID_TOPIC_ENDPOINT} is set to: the topic's events endpoint, as in Azure. */
    public URI endpoint() {
        return URI.create("https://" + connector.getHost() + ":" + connector.getLocalPort() + PATH);
    }

    public int port() {
        return connector.getLocalPort();
    }

    private int publish(Request request, Set<String> keys) throws java.io.IOException {
        if (!request.getMethod().equals("POST") || !request.getHttpURI().getPath().equals(PATH)) {
            return 404;
        }
        if (!accepted(request.getHeaders().get("aeg-sas-key"), keys)) {
            return 401;
        }
        String contentType = String.valueOf(request.getHeaders().get(HttpHeader.CONTENT_TYPE)).toLowerCase(Locale.ROOT);
        if (!contentType.startsWith("application/cloudevents-batch+json")) {
            return 415;
        }
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readNBytes(MAX_BATCH_BYTES + 1);
        }
        if (body.length > MAX_BATCH_BYTES) {
            return 413;
        }
        List<ObjectNode> events = events(body);
        if (events == null) {
            return 400;
        }
        Instant now = clock.instant();
        for (ObjectNode event : events) {
            for (WebhookDelivery delivery : deliveries) {
                if (delivery.subscription().wants(event.get("type").asText())) {
                    delivery.enqueue(event, now);
                }
            }
        }
        return 200;
    }

    /** The batch's events, or null when it is not a non-empty array of CloudEvents 1.0 with their required fields. */
    private List<ObjectNode> events(byte[] body) {
        JsonNode batch;
        try {
            batch = mapper.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            return null;
        }
        if (batch == null || !batch.isArray() || batch.isEmpty()) {
            return null;
        }
        List<ObjectNode> events = new ArrayList<>();
        for (JsonNode event : batch) {
            if (!event.isObject() || !event.path("specversion").asText().equals("1.0")
                    || REQUIRED.stream().anyMatch(field -> event.path(field).asText().isEmpty())) {
                return null;
            }
            events.add((ObjectNode) event);
        }
        return events;
    }

    /** Compares in constant time, so the answer's timing tells nothing about the key. */
    private static boolean accepted(String given, Set<String> keys) {
        if (given == null) {
            return false;
        }
        boolean match = false;
        for (String key : keys) {
            match |= MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
        }
        return match;
    }

    private static String code(int status) {
        return switch (status) {
            case 401 -> "Unauthorized";
            case 404 -> "NotFound";
            case 413 -> "RequestEntityTooLarge";
            case 415 -> "UnsupportedMediaType";
            default -> "BadRequest";
        };
    }

    @Override
    public void close() throws Exception {
        server.stop();
        deliveries.forEach(WebhookDelivery::close);
    }
}
