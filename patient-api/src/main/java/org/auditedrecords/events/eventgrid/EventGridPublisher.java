package org.auditedrecords.events.eventgrid;

import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.credential.TokenCredential;
import com.azure.core.models.CloudEvent;
import com.azure.core.models.CloudEventDataFormat;
import com.azure.core.util.BinaryData;
import com.azure.messaging.eventgrid.EventGridPublisherClient;
import com.azure.messaging.eventgrid.EventGridPublisherClientBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import java.net.URI;
import java.time.Duration;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.auditedrecords.common.config.ConfigException;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.auditedrecords.common.errors.DependencyUnavailableException;
import org.auditedrecords.events.EventPublisher;
import org.auditedrecords.events.PendingEvent;
import org.auditedrecords.patient.ETag;

/**
 * The {@link EventPublisher} on an Event Grid topic, through the Azure SDK's {@link EventGridPublisherClient} for
 * CloudEvents 1.0: one {@code application/cloudevents-batch+json} POST per batch. In Azure it authenticates with the
 * app's managed identity (the topic has local auth disabled); the local stack's topic takes an access key, read from
 * the vault before every batch so that a rotated key is picked up.
 *
 * <p>Each event: {@code id}, {@code source} ({@code urn:auditedrecords:<source system>}), {@code type} (see
 * {@link org.auditedrecords.events.EventType}), {@code subject} (the resource path), {@code time} (of the write), the
 * {@code traceparent} extension (W3C distributed tracing), and JSON {@code data} of ids, version, ETag and trace id
 * only — never patient data.
 */
public final class EventGridPublisher implements EventPublisher {
    private final EventGridPublisherClient<CloudEvent> client;
    private final String source;
    private final ObjectMapper mapper;
    private final Runnable beforePublish;

    private EventGridPublisher(EventGridPublisherClient<CloudEvent> client, String sourceSystemName, ObjectMapper mapper,
                               Runnable beforePublish) {
        this.client = client;
        this.source = "urn:auditedrecords:" + sourceSystemName;
        this.mapper = mapper;
        this.beforePublish = beforePublish;
    }

    /** A publisher authenticated by {@code credential}: the managed identity in Azure. */
    public static EventGridPublisher withToken(URI topicEndpoint, TokenCredential credential, String sourceSystemName,
                                               ObjectMapper mapper) {
        return new EventGridPublisher(builder(topicEndpoint, Optional.empty()).credential(credential)
                .buildCloudEventPublisherClient(), sourceSystemName, mapper, () -> { });
    }

    /**
     * A publisher that sends an access key in {@code aeg-sas-key}, as Event Grid accepts where local auth is enabled.
     * The SDK sends keys over HTTPS only, so a local topic needs a certificate the client trusts.
     *
     * @param accessKey          read before every batch (from the vault, cached), never logged
     * @param trustedCertificate a PEM certificate to trust instead of the JDK's authorities (the local topic's)
     */
    public static EventGridPublisher withAccessKey(URI topicEndpoint, Supplier<String> accessKey,
                                                   Optional<Path> trustedCertificate, String sourceSystemName,
                                                   ObjectMapper mapper) {
        AzureKeyCredential credential = new AzureKeyCredential(accessKey.get());
        return new EventGridPublisher(builder(topicEndpoint, trustedCertificate).credential(credential)
                .buildCloudEventPublisherClient(), sourceSystemName, mapper, () -> credential.update(accessKey.get()));
    }

    private static EventGridPublisherClientBuilder builder(URI topicEndpoint, Optional<Path> trustedCertificate) {
        // A batch that fails stays in the outbox for the relay's next run, so the client need not retry for long.
        EventGridPublisherClientBuilder builder = new EventGridPublisherClientBuilder().endpoint(topicEndpoint.toString())
                .retryOptions(new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(2)
                        .setBaseDelay(Duration.ofMillis(200)).setMaxDelay(Duration.ofSeconds(1))));
        trustedCertificate.ifPresent(certificate -> {
            SslContext tls;
            try {
                tls = SslContextBuilder.forClient().trustManager(certificate.toFile()).build();
            } catch (SSLException | IllegalArgumentException e) {
                throw new ConfigException("The topic certificate to trust is not a readable PEM certificate.");
            }
            builder.httpClient(new NettyAsyncHttpClientBuilder(
                    reactor.netty.http.client.HttpClient.create().secure(spec -> spec.sslContext(tls))).build());
        });
        return builder;
    }

    @Override
    public void publish(List<PendingEvent> events) {
        List<CloudEvent> cloudEvents = events.stream().map(this::cloudEvent).toList();
        try {
            beforePublish.run();
            client.sendEvents(cloudEvents);
        } catch (RuntimeException e) {
            // The SDK's messages name the endpoint and status, never the key; the events stay in the outbox.
            throw new DependencyUnavailableException("Publishing " + events.size() + " events to Event Grid failed", e);
        }
    }

    CloudEvent cloudEvent(PendingEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("patientId", event.patientId());
        if (event.testId() != null) {
            data.put("testId", event.testId());
        }
        data.put("version", event.version());
        data.put("etag", ETag.of(event.version()));
        data.put("traceId", event.traceId());
        String json;
        try {
            json = mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event data did not serialize", e);
        }
        return new CloudEvent(source, event.type().wire(), BinaryData.fromString(json), CloudEventDataFormat.JSON,
                "application/json")
                .setId(event.id())
                .setSubject(event.subject())
                .setTime(event.time().atOffset(ZoneOffset.UTC))
                .addExtensionAttribute("traceparent", event.traceparent());
    }
}
