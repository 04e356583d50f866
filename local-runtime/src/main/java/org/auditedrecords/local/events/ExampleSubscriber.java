package org.auditedrecords.local.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.auditedrecords.common.json.Json;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * An example consumer of the Patient API's events, as a search indexer or notifier would be written: a webhook that
 * logs what it receives and applies each change at most once. Delivery is at least once and in no promised order,
 * so it
 * <ul>
 *   <li>dedupes by event id: a re-published event (the relay died between publishing and clearing) is acknowledged
 *       and ignored;</li>
 *   <li>ignores an event whose resource version is not newer than one it has applied: a late older update must not
 *       undo a newer one.</li>
 * </ul>
 * Every delivery is acknowledged with 200, even ignored ones, so the topic stops retrying them. What it has seen is
 * kept across {@link #stop()} and {@link #start()}, as a real consumer keeps it in its own store.
 */
public final class ExampleSubscriber implements AutoCloseable {
    /**
     * One applied event, with when it arrived.
     *
     * @param data the event's data as received
     */
    public record Applied(String id, String type, String subject, long version, Instant time, Instant receivedAt,
                          JsonNode data) {
    }

    /** What the subscriber did with a delivery. */
    public enum Verdict { APPLIED, DUPLICATE, STALE }

    private final Server server = new Server();
    private final ServerConnector connector;
    private final ObjectMapper mapper = Json.newMapper();
    private final Clock clock;
    private final Consumer<String> log;
    private final Set<String> seenIds = new HashSet<>();
    private final Map<String, Long> versions = new HashMap<>();
    private final List<Applied> applied = new ArrayList<>();
    private int deliveries;

    public ExampleSubscriber(String host, int port, Clock clock, Consumer<String> log) {
        this.clock = clock;
        this.log = log;
        connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                JsonNode event = parse(Content.Source.asString(request, StandardCharsets.UTF_8));
                response.setStatus(event == null ? 400 : 200);
                if (event != null) {
                    receive(event);
                }
                callback.succeeded();
                return true;
            }
        });
    }

    /** Starts listening; after a {@link #stop()}, on the same port again. */
    public synchronized void start() {
        try {
            server.start();
            connector.setPort(connector.getLocalPort());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the example subscriber", e);
        }
    }

    /** Stops listening, as a subscriber that is down; what it has seen is kept. */
    public synchronized void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot stop the example subscriber", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://" + connector.getHost() + ":" + connector.getPort() + "/events");
    }

    /** The events applied, in arrival order: each write exactly once. */
    public synchronized List<Applied> applied() {
        return List.copyOf(applied);
    }

    /** Every delivery received, duplicates and stale ones included. */
    public synchronized int deliveries() {
        return deliveries;
    }

    private JsonNode parse(String body) {
        try {
            JsonNode event = mapper.readTree(body);
            return event != null && event.path("id").isTextual() && event.path("data").path("version").isIntegralNumber()
                    ? event : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    synchronized Verdict receive(JsonNode event) {
        deliveries++;
        String id = event.get("id").asText();
        String subject = event.path("subject").asText();
        long version = event.path("data").path("version").asLong();
        Verdict verdict;
        if (!seenIds.add(id)) {
            verdict = Verdict.DUPLICATE;
        } else if (versions.getOrDefault(subject, 0L) >= version) {
            verdict = Verdict.STALE;
        } else {
            versions.put(subject, version);
            applied.add(new Applied(id, event.path("type").asText(), subject, version,
                    Instant.parse(event.path("time").asText()), clock.instant(), event.path("data")));
            verdict = Verdict.APPLIED;
        }
        // Concatenation, not String.format: this runs for every event, and a format string is parsed on each call.
        log.accept("subscriber " + verdict.name().toLowerCase(java.util.Locale.ROOT) + " " + event.path("type").asText()
                + " " + subject + " v" + version + " (event " + id + ")");
        return verdict;
    }

    @Override
    public void close() {
        stop();
    }
}
