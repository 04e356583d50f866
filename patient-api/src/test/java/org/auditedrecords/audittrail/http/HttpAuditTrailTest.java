package org.auditedrecords.audittrail.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.auditedrecords.audittrail.AuditAction;
import org.auditedrecords.audittrail.AuditEntry;
import org.auditedrecords.audittrail.AuditOutcome;
import org.auditedrecords.audittrail.Caller;
import org.auditedrecords.audittrail.ResourceType;
import org.auditedrecords.audittrail.http.ScriptedAuditApi.Answer;
import org.auditedrecords.common.errors.DependencyUnavailableException;
import org.auditedrecords.common.json.Json;
import org.auditedrecords.common.secrets.CachingSecretSource;
import org.auditedrecords.common.secrets.Keys;
import org.auditedrecords.common.secrets.LocalVault;
import org.auditedrecords.common.telemetry.Telemetry;
import org.auditedrecords.common.trace.TraceParent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpAuditTrailTest {
    private static final ObjectMapper JSON = Json.newMapper();
    private static final String KEY_SECRET = "audit-create-key";
    private static final String PATIENT = "5b0c2f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a";
    private static final String RECORD = "7d1e2f3a-8a3e-4d7c-9b1a-2f3e4d5c6b7a";
    private static final TraceParent TRACE = TraceParent.parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
            .orElseThrow();

    @TempDir
    Path vaultDir;
    LocalVault vault;
    CachingSecretSource secrets;
    ScriptedAuditApi auditApi;
    HttpAuditTrail trail;
    String key;
    final List<String> telemetry = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() {
        vault = new LocalVault(vaultDir, Clock.systemUTC());
        key = vault.put(KEY_SECRET, Keys.newKey()).value();
        secrets = new CachingSecretSource(vault, Duration.ofMinutes(5), Clock.systemUTC());
        auditApi = new ScriptedAuditApi();
        trail = start(auditApi.baseUri(), null, Duration.ofSeconds(5));
    }

    private HttpAuditTrail start(URI url, InetAddress bindAddress, Duration timeout) {
        return HttpAuditTrail.start(new HttpAuditTrail.Settings(url, KEY_SECRET, bindAddress, timeout, "patient-api"),
                secrets, JSON, new Telemetry() {
                    @Override
                    public void event(String name, Map<String, String> properties) {
                        telemetry.add(name + " " + new TreeMap<>(properties));
                    }

                    @Override
                    public void metric(String name, double value, Map<String, String> properties) {
                        telemetry.add(name + " " + properties);
                    }
                });
    }

    @AfterEach
    void stop() throws Exception {
        trail.close();
        auditApi.close();
    }

    private static AuditEntry readOfPatient() {
        return AuditEntry.of(new Caller("integrator-1", "10.1.2.3", "req-1", TRACE), AuditAction.READ, ResourceType.PATIENT,
                PATIENT, PATIENT).withOutcome(AuditOutcome.SUCCESS);
    }

    @Test
    void record_failedWrite_postsTheFullRecordWithTheKeyAndAContinuedTrace() throws Exception {
        auditApi.answer(Answer.created(RECORD));
        AuditEntry failed = AuditEntry.of(new Caller("integrator-1", "10.1.2.3", "req-1", TRACE), AuditAction.UPDATE,
                ResourceType.PATIENT, PATIENT, PATIENT).failedAfter("11111111-2222-4333-8444-555555555555");

        String id = trail.record(failed);

        assertThat(id).isEqualTo(RECORD);
        ScriptedAuditApi.Received received = auditApi.received().get(0);
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.path()).isEqualTo("/api/auditrecord");
        assertThat(received.key()).isEqualTo(key);
        assertThat(received.contentType()).startsWith("application/json");
        TraceParent sent = TraceParent.parse(received.traceparent()).orElseThrow();
        assertThat(sent.traceId()).isEqualTo(TRACE.traceId());
        assertThat(sent.spanId()).isNotEqualTo(TRACE.spanId());
        assertThat(JSON.readTree(received.body())).isEqualTo(JSON.readTree("{\"sourceSystemName\":\"patient-api\","
                + "\"action\":\"update\",\"resource\":{\"type\":\"patient\",\"id\":\"" + PATIENT + "\"},"
                + "\"patientId\":\"" + PATIENT + "\",\"outcome\":\"failed\","
                + "\"actor\":{\"clientId\":\"integrator-1\",\"address\":\"10.1.2.3\",\"requestId\":\"req-1\"},"
                + "\"correlationId\":\"0af7651916cd43dd8448eb211c80319c\","
                + "\"relatesTo\":\"11111111-2222-4333-8444-555555555555\"}"));
    }

    @Test
    void record_searchWithoutActor_sendsTheQueryAndLeavesUnknownFieldsOut() throws Exception {
        AuditEntry search = AuditEntry.search(new Caller(null, null, null, TRACE), Map.of("postCode", "W1 2AB"), null)
                .withOutcome(AuditOutcome.SUCCESS);

        trail.record(search);

        JsonNode body = JSON.readTree(auditApi.received().get(0).body());
        assertThat(body).isEqualTo(JSON.readTree("{\"sourceSystemName\":\"patient-api\",\"action\":\"search\","
                + "\"resource\":{\"type\":\"patient-search\"},\"outcome\":\"success\","
                + "\"correlationId\":\"0af7651916cd43dd8448eb211c80319c\",\"query\":{\"postCode\":\"W1 2AB\"}}"));
    }

    @Test
    void record_keyRotatedAndOldOneRefused_rereadsTheSecretAndRetriesOnceWithTheNewKey() {
        trail.record(readOfPatient());
        String rotated = vault.put(KEY_SECRET, Keys.newKey()).value();
        auditApi.answer(Answer.of(401), Answer.created(RECORD));

        String id = trail.record(readOfPatient());

        assertThat(id).isEqualTo(RECORD);
        assertThat(auditApi.received()).extracting(ScriptedAuditApi.Received::key).containsExactly(key, key, rotated);
        String refused = vault.versions(KEY_SECRET).get(1).version();
        assertThat(telemetry).containsExactly("AuditCallMs {outcome=stored}",
                "AuditRecorded {action=read, outcome=success, resourceType=patient}",
                "AuditKeyReread {refusedVersion=" + refused + ", secret=audit-create-key}",
                "AuditCallMs {outcome=stored}",
                "AuditRecorded {action=read, outcome=success, resourceType=patient}");
    }

    @Test
    void record_refusedTwice_failsAfterExactlyOneRetryWithoutNamingTheKey() {
        auditApi.answer(Answer.of(401), Answer.of(401));

        assertThatThrownBy(() -> trail.record(readOfPatient()))
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessage("The Audit API answered 401 to CreateAuditRecord")
                .hasMessageNotContaining(key);

        assertThat(auditApi.received()).hasSize(2);
    }

    @Test
    void record_serverError_failsWithoutRetryingTheNonIdempotentCall() {
        auditApi.answer(Answer.of(500));

        assertThatThrownBy(() -> trail.record(readOfPatient()))
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessage("The Audit API answered 500 to CreateAuditRecord");

        assertThat(auditApi.received()).hasSize(1);
        assertThat(telemetry).containsExactly("AuditCallMs {outcome=failed}",
                "AuditCallFailed {reason=The Audit API answered 500 to CreateAuditRecord}");
    }

    @Test
    void record_validationRefusal_isAFailureToo() {
        auditApi.answer(Answer.of(400));

        assertThatThrownBy(() -> trail.record(readOfPatient())).isInstanceOf(DependencyUnavailableException.class);

        assertThat(auditApi.received()).hasSize(1);
    }

    @Test
    void record_answerWithoutRecordId_fails() {
        auditApi.answer(new Answer(201, "{}", Duration.ZERO));

        assertThatThrownBy(() -> trail.record(readOfPatient()))
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessage("The Audit API's answer to CreateAuditRecord names no record id");
    }

    @Test
    void record_slowAnswer_failsAtTheTimeoutWithoutRetrying() {
        trail.close();
        trail = start(auditApi.baseUri(), null, Duration.ofMillis(300));
        auditApi.answer(new Answer(201, "{\"id\":\"" + RECORD + "\"}", Duration.ofSeconds(2)));
        long start = System.nanoTime();

        assertThatThrownBy(() -> trail.record(readOfPatient()))
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessage("The Audit API did not answer within PT0.3S");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
        assertThat(auditApi.received()).hasSize(1);
    }

    @Test
    void record_nothingListening_failsAsUnreachable() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = socket.getLocalPort();
        }
        trail.close();
        trail = start(URI.create("http://127.0.0.1:" + freePort + "/api"), null, Duration.ofSeconds(2));

        assertThatThrownBy(() -> trail.record(readOfPatient()))
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessage("The Audit API could not be reached");
    }

    @Test
    void record_bindAddressSet_callsLeaveFromIt() throws Exception {
        trail.close();
        trail = start(auditApi.baseUri(), InetAddress.getByName("127.0.0.3"), Duration.ofSeconds(5));

        trail.record(readOfPatient());

        assertThat(auditApi.received().get(0).remoteAddress()).isEqualTo("127.0.0.3");
    }

    @Test
    void record_manyCalls_reuseOneConnection() {
        for (int i = 0; i < 5; i++) {
            trail.record(readOfPatient());
        }

        assertThat(auditApi.received()).extracting(ScriptedAuditApi.Received::remotePort).hasSize(5)
                .containsOnly(auditApi.received().get(0).remotePort());
    }
}
