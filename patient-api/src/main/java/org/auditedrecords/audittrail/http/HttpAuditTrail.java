package org.auditedrecords.audittrail.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.auditedrecords.audittrail.AuditEntry;
import org.auditedrecords.audittrail.AuditTrail;
import org.auditedrecords.common.errors.DependencyUnavailableException;
import org.auditedrecords.common.logging.StructuredLog;
import org.auditedrecords.common.secrets.CachingSecretSource;
import org.auditedrecords.common.secrets.Secret;
import org.auditedrecords.common.telemetry.Telemetry;
import org.auditedrecords.common.trace.TraceParent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The {@link AuditTrail} on the Audit API: {@code POST {auditApiUrl}/auditrecord} with the function key read from the
 * vault. One instance per process: it owns a pooled HTTP client that keeps connections open between calls.
 *
 * <p>Creating a record is not idempotent, so a call is never repeated when its outcome is unknown (timeout, dropped
 * connection, 5xx): that is a {@link DependencyUnavailableException}. The one exception is 401, which proves nothing
 * was stored: the key has been rotated, so the cached secret is invalidated, read again and the call made once more.
 * Each call continues the caller's trace with a new span. Keys never appear in logs or messages.
 */
public final class HttpAuditTrail implements AuditTrail, AutoCloseable {
    /** How long opening a connection may take; the rest of {@link Settings#timeout} is for the answer. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final String KEY_HEADER = "x-functions-key";
    static final String TRACEPARENT_HEADER = "traceparent";
    private static final Logger LOG = Logger.getLogger(HttpAuditTrail.class.getName());
    /** Shorter than the idle timeout of the Functions front end, so the client, not the server, closes idle links. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(20);
    private static final int MAX_CONNECTIONS = 64;
    /** Telemetry names: the latency of each record call (by outcome), a refused key re-read, a failed call. */
    static final String CALL_METRIC = "AuditCallMs";
    static final String KEY_REREAD_EVENT = "AuditKeyReread";
    static final String FAILED_EVENT = "AuditCallFailed";
    static final String RECORDED_EVENT = "AuditRecorded";

    /**
     * @param auditApiUrl      the Audit API's base, e.g. {@code https://audit-app.azurewebsites.net/api}
     * @param keySecretName    the vault secret holding the CreateAuditRecord function key
     * @param bindAddress      the local address calls leave from, or null for the system's choice
     * @param timeout          the most one call may take, connecting included
     * @param sourceSystemName recorded as the source of every entry
     */
    public record Settings(URI auditApiUrl, String keySecretName, InetAddress bindAddress, Duration timeout,
                           String sourceSystemName) {
        public Settings {
            Objects.requireNonNull(auditApiUrl, "auditApiUrl");
            Objects.requireNonNull(keySecretName, "keySecretName");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(sourceSystemName, "sourceSystemName");
        }
    }

    private final Settings settings;
    private final URI endpoint;
    private final CachingSecretSource secrets;
    private final ObjectMapper mapper;
    private final HttpClient client;
    private final Telemetry telemetry;

    private HttpAuditTrail(Settings settings, CachingSecretSource secrets, ObjectMapper mapper, HttpClient client,
                           Telemetry telemetry) {
        this.settings = settings;
        String base = settings.auditApiUrl().toString();
        this.endpoint = URI.create((base.endsWith("/") ? base : base + "/") + "auditrecord");
        this.secrets = secrets;
        this.mapper = mapper;
        this.client = client;
        this.telemetry = telemetry;
    }

    /**
     * Starts the client. Nothing is sent yet: a down Audit API shows on the first call, not at start-up.
     *
     * @param secrets   the app's caching secret source, which this invalidates when the key is refused
     * @param telemetry told each call's latency and outcome, and each key re-read (names and versions only)
     */
    public static HttpAuditTrail start(Settings settings, CachingSecretSource secrets, ObjectMapper mapper,
                                       Telemetry telemetry) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_CONNECTIONS, 2);
        threads.setName("audit-api-client");
        threads.setDaemon(true);
        HttpClient client = new HttpClient();
        client.setExecutor(threads);
        client.setConnectTimeout(Math.min(CONNECT_TIMEOUT.toMillis(), settings.timeout().toMillis()));
        client.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        client.setMaxConnectionsPerDestination(MAX_CONNECTIONS);
        client.setFollowRedirects(false);
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, settings.sourceSystemName()));
        if (settings.bindAddress() != null) {
            client.setBindAddress(new InetSocketAddress(settings.bindAddress(), 0));
        }
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("The Audit API client could not start", e);
        }
        // A 401 from the Functions host carries no challenge; this class handles it, so Jetty must not.
        client.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
        return new HttpAuditTrail(settings, secrets, mapper, client, telemetry);
    }

    @Override
    public String record(AuditEntry entry) {
        long start = System.nanoTime();
        try {
            String id = post(entry);
            telemetry.metric(CALL_METRIC, millisSince(start), Map.of("outcome", "stored"));
            telemetry.event(RECORDED_EVENT, Map.of("action", entry.action().wire(),
                    "resourceType", entry.resourceType().wire(), "outcome", entry.outcome().wire()));
            return id;
        } catch (DependencyUnavailableException e) {
            telemetry.metric(CALL_METRIC, millisSince(start), Map.of("outcome", "failed"));
            telemetry.event(FAILED_EVENT, Map.of("reason", e.getMessage()));
            throw e;
        }
    }

    private String post(AuditEntry entry) {
        String body = json(CreateAuditRecordBody.of(settings.sourceSystemName(), entry));
        Secret key = secrets.latest(settings.keySecretName());
        ContentResponse response = send(body, entry, key);
        if (response.getStatus() == 401) {
            LOG.info(() -> "The Audit API refused version " + key.version() + " of secret '" + key.name()
                    + "'; reading it again in case it was rotated.");
            telemetry.event(KEY_REREAD_EVENT, Map.of("secret", key.name(), "refusedVersion", key.version()));
            secrets.invalidate(settings.keySecretName());
            response = send(body, entry, secrets.latest(settings.keySecretName()));
        }
        if (response.getStatus() / 100 != 2) {
            throw new DependencyUnavailableException("The Audit API answered " + response.getStatus()
                    + " to CreateAuditRecord");
        }
        return recordId(response);
    }

    private ContentResponse send(String body, AuditEntry entry, Secret key) {
        TraceParent caller = entry.caller().trace();
        TraceParent span = caller.child();
        long start = System.nanoTime();
        Integer status = null;
        try {
            ContentResponse response = client.newRequest(endpoint)
                    .method(HttpMethod.POST)
                    .headers(h -> h.put(KEY_HEADER, key.value())
                            .put(TRACEPARENT_HEADER, span.toString())
                            .put(HttpHeader.ACCEPT, "application/json"))
                    .body(new StringRequestContent("application/json", body, StandardCharsets.UTF_8))
                    .timeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .send();
            status = response.getStatus();
            return response;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException("Interrupted while calling the Audit API", e);
        } catch (TimeoutException e) {
            throw new DependencyUnavailableException("The Audit API did not answer within " + settings.timeout(), e);
        } catch (ExecutionException e) {
            throw new DependencyUnavailableException("The Audit API could not be reached", e.getCause());
        } finally {
            logCall(caller, span, status, start);
        }
    }

    /** One structured line per call: the span it opened under the caller's, so a request can be followed hop by hop. */
    private void logCall(TraceParent caller, TraceParent span, Integer status, long start) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", "dependency");
        fields.put("target", endpoint.getHost() + ":" + endpoint.getPort());
        fields.put("name", "CreateAuditRecord");
        fields.put("traceId", span.traceId());
        fields.put("spanId", span.spanId());
        fields.put("parentSpanId", caller.spanId());
        fields.put("status", status);
        fields.put("durationMs", Math.round(millisSince(start) * 100) / 100.0);
        StructuredLog.log(LOG, status != null && status / 100 == 2 ? Level.INFO : Level.WARNING,
                settings.sourceSystemName(), fields);
    }

    private String recordId(ContentResponse response) {
        try {
            JsonNode id = mapper.readTree(response.getContentAsString()).path("id");
            if (id.isTextual() && !id.textValue().isBlank()) {
                return id.textValue();
            }
        } catch (IOException e) {
            // reported below: the record may exist, but without its id a failure could not relate to it
        }
        throw new DependencyUnavailableException("The Audit API's answer to CreateAuditRecord names no record id");
    }

    private static double millisSince(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private String json(CreateAuditRecordBody body) {
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An audit entry of strings always serializes", e);
        }
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            LOG.warning(() -> "The Audit API client did not stop cleanly: " + e);
        }
    }
}
