package org.auditedrecords.events.eventgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.auditedrecords.common.errors.DependencyUnavailableException;
import org.auditedrecords.common.json.Json;
import org.auditedrecords.events.EventType;
import org.auditedrecords.events.PendingEvent;
import org.auditedrecords.common.tls.LocalCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Azure SDK client against a topic stand-in over HTTP: what goes on the wire, and how failures surface. */
class EventGridPublisherTest {
    private static final String TRACE = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static final PendingEvent CREATED = new PendingEvent("e-1", EventType.PATIENT_CREATED,
            "patients/p-1", "p-1", null, 1, Instant.parse("2025-06-15T10:00:00.123Z"), TRACE);
    private static final PendingEvent RECORDED = new PendingEvent("e-2", EventType.TEST_RESULT_RECORDED,
            "patients/p-1/tests/t-1", "p-1", "t-1", 1, Instant.parse("2025-06-15T10:00:01Z"), TRACE);

    @TempDir
    static Path tls;
    private static LocalCertificate certificate;

    private ScriptedTopic topic;
    private final AtomicReference<String> key = new AtomicReference<>("key-one");
    private EventGridPublisher publisher;

    @BeforeAll
    static void makeCertificate() {
        certificate = LocalCertificate.in(tls, "127.0.0.1");
    }

    @BeforeEach
    void start() {
        topic = new ScriptedTopic(certificate);
        publisher = EventGridPublisher.withAccessKey(topic.endpoint(), key::get, Optional.of(certificate.certificate()),
                "patient-api", Json.newMapper());
    }

    @AfterEach
    void stop() throws Exception {
        topic.close();
    }

    @Test
    void publish_batch_postsOneCloudEventsBatchWithTheKeyIdsVersionAndTraceButNoPatientData() throws Exception {
        publisher.publish(List.of(CREATED, RECORDED));

        ScriptedTopic.Received request = topic.received().get(0);
        assertThat(topic.received()).hasSize(1);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.pathAndQuery()).startsWith("/api/events?api-version=");
        assertThat(request.key()).isEqualTo("key-one");
        assertThat(request.contentType()).startsWith("application/cloudevents-batch+json");
        JsonNode batch = Json.newMapper().readTree(request.body());
        assertThat(batch).hasSize(2);
        JsonNode first = batch.get(0);
        assertThat(first.get("specversion").asText()).isEqualTo("1.0");
        assertThat(first.get("id").asText()).isEqualTo("e-1");
        assertThat(first.get("type").asText()).isEqualTo("org.auditedrecords.PatientCreated");
        assertThat(first.get("source").asText()).isEqualTo("urn:auditedrecords:patient-api");
        assertThat(first.get("subject").asText()).isEqualTo("patients/p-1");
        assertThat(Instant.parse(first.get("time").asText())).isEqualTo(CREATED.time());
        assertThat(first.get("traceparent").asText()).isEqualTo(TRACE);
        assertThat(first.get("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(first.get("data")).isEqualTo(Json.newMapper().readTree("{\"patientId\":\"p-1\",\"version\":1,"
                + "\"etag\":\"\\\"1\\\"\",\"traceId\":\"0af7651916cd43dd8448eb211c80319c\"}"));
        assertThat(batch.get(1).get("data").get("testId").asText()).isEqualTo("t-1");
    }

    @Test
    void publish_afterTheKeyRotated_sendsTheNewKey() {
        publisher.publish(List.of(CREATED));
        key.set("key-two");

        publisher.publish(List.of(CREATED));

        assertThat(topic.received()).extracting(ScriptedTopic.Received::key).containsExactly("key-one", "key-two");
    }

    @Test
    void publish_topicWithACertificateNotTrusted_failsWithoutSendingTheKey(@TempDir Path other) {
        EventGridPublisher untrusting = EventGridPublisher.withAccessKey(topic.endpoint(), key::get,
                Optional.of(LocalCertificate.in(other, "127.0.0.1").certificate()), "patient-api", Json.newMapper());

        assertThatThrownBy(() -> untrusting.publish(List.of(CREATED)))
                .isInstanceOf(DependencyUnavailableException.class);
        assertThat(topic.received()).isEmpty();
    }

    @Test
    void publish_topicRefuses_throwsUnavailableWithoutTheKey() {
        topic.answer(401);

        assertThatThrownBy(() -> publisher.publish(List.of(CREATED)))
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessage("Publishing 1 events to Event Grid failed")
                .satisfies(e -> assertThat(e.getCause().getMessage()).doesNotContain("key-one"));
    }
}
