package org.auditedrecords.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.auditedrecords.common.tls.LocalCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local topic's refusals over real HTTPS: each bad request gets its status and an error body, and is not delivered. */
class LocalTopicTest {
    private static final String EVENT = "{\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"urn:test\","
            + "\"type\":\"org.auditedrecords.PatientCreated\",\"subject\":\"patients/p-1\","
            + "\"time\":\"2025-06-15T10:00:00Z\",\"data\":{\"patientId\":\"p-1\",\"version\":1}}";

    @TempDir
    Path dir;
    LocalTopic topic;
    ExampleSubscriber subscriber;
    HttpClient http;

    @BeforeEach
    void start() throws Exception {
        LocalCertificate certificate = LocalCertificate.in(dir.resolve("tls"), "127.0.0.1");
        subscriber = new ExampleSubscriber("127.0.0.1", 0, Clock.systemUTC(), line -> { });
        subscriber.start();
        topic = new LocalTopic("127.0.0.1", 0, certificate, () -> Set.of("the-key"), List.of(new EventSubscription(
                "example", subscriber.endpoint(), Set.of("org.auditedrecords.PatientCreated"), 3, Duration.ofHours(1),
                Duration.ofMillis(100), Duration.ofMillis(200))), dir.resolve("deadletter"), Clock.systemUTC());
        topic.start();
        http = HttpClient.newBuilder().sslContext(trusting(certificate.certificate())).build();
    }

    @AfterEach
    void stop() throws Exception {
        topic.close();
        subscriber.close();
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            trust.setCertificateEntry("topic", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private HttpResponse<String> publish(String key, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(topic.endpoint() + "?api-version=2018-01-01"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("aeg-sas-key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void publish_validBatch_is200AndDeliveredToTheMatchingSubscription() throws Exception {
        HttpResponse<String> accepted = publish("the-key", "application/cloudevents-batch+json; charset=utf-8",
                "[" + EVENT + "," + EVENT.replace("e-1", "e-2").replace("PatientCreated", "PatientUpdated") + "]");

        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).isEmpty();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (subscriber.deliveries() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(300);
        assertThat(subscriber.applied()).extracting(ExampleSubscriber.Applied::id).containsExactly("e-1");
    }

    @Test
    void publish_withoutOrWithAWrongKey_is401AndDeliversNothing() throws Exception {
        for (String key : new String[] {null, "another-key"}) {
            HttpResponse<String> refused = publish(key, "application/cloudevents-batch+json", "[" + EVENT + "]");

            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("content-type")).hasValue("application/json");
            assertThat(refused.body()).isEqualTo("{\"error\":{\"code\":\"Unauthorized\"}}");
        }
        Thread.sleep(300);
        assertThat(subscriber.deliveries()).isZero();
    }

    @Test
    void publish_badRequests_areRefusedEachWithItsStatus() throws Exception {
        assertThat(publish("the-key", "application/json", "[" + EVENT + "]").statusCode()).isEqualTo(415);
        assertThat(publish("the-key", "application/cloudevents-batch+json", "not json").statusCode()).isEqualTo(400);
        assertThat(publish("the-key", "application/cloudevents-batch+json", "[]").statusCode()).isEqualTo(400);
        HttpResponse<String> noId = publish("the-key", "application/cloudevents-batch+json",
                "[" + EVENT.replace("\"id\":\"e-1\",", "") + "]");
        assertThat(noId.statusCode()).isEqualTo(400);
        assertThat(noId.body()).isEqualTo("{\"error\":{\"code\":\"BadRequest\"}}");
        assertThat(publish("the-key", "application/cloudevents-batch+json", "[" + " ".repeat(1024 * 1024) + "]")
                .statusCode()).isEqualTo(413);
        Thread.sleep(300);
        assertThat(subscriber.deliveries()).isZero();
    }
}
