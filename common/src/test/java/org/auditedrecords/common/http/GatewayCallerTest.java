package org.auditedrecords.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.TraceContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.auditedrecords.common.caller.CallerAssertion;
import org.auditedrecords.common.caller.CallerAssertionException;
import org.auditedrecords.common.caller.CallerAssertions;
import org.auditedrecords.common.json.Json;
import org.auditedrecords.common.secrets.LocalVault;
import org.auditedrecords.common.secrets.Secret;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayCallerTest {
    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-b7ad6b7169203331-01";
    private static final String SECRET = "gateway-assertion-key";

    @TempDir
    Path dir;
    Secret signingKey;
    CallerAssertions auditApi;

    @BeforeEach
    void setUp() {
        LocalVault vault = new LocalVault(dir, Clock.systemUTC());
        vault.put(SECRET + "-a", "s".repeat(43));
        signingKey = vault.put(SECRET, "a." + "s".repeat(43));
        auditApi = new CallerAssertions(vault, SECRET, "audit-api", Clock.systemUTC());
    }

    private String assertion(String subject, String audience) {
        Instant now = Instant.now();
        return CallerAssertions.sign(new CallerAssertion(subject, "203.0.113.7", "gw-req-1", audience, now,
                now.plus(CallerAssertions.LIFETIME)), signingKey);
    }

    @SuppressWarnings("unchecked")
    private static Call call(Map<String, String> headers, String traceparent, String traceId) {
        HttpRequestMessage<Optional<String>> request = mock(HttpRequestMessage.class);
        when(request.getHeaders()).thenReturn(headers);
        ExecutionContext context = mock(ExecutionContext.class);
        TraceContext trace = mock(TraceContext.class);
        when(trace.getTraceparent()).thenReturn(traceparent);
        when(context.getTraceContext()).thenReturn(trace);
        return new Call(request, context, traceId, Json.newMapper());
    }

    @Test
    void of_validAssertion_givesTheAssertedCallerRequestIdAndHostSpan() {
        Call call = call(Map.of(CallerAssertions.HEADER, assertion("compliance-hq", "audit-api")), TRACEPARENT, TRACE_ID);

        GatewayCaller caller = GatewayCaller.of(call, auditApi);

        assertThat(caller.clientId()).isEqualTo("compliance-hq");
        assertThat(caller.address()).isEqualTo("203.0.113.7");
        assertThat(caller.requestId()).isEqualTo("gw-req-1");
        assertThat(caller.trace().toString()).isEqualTo(TRACEPARENT);
        assertThat(caller.correlationId()).isEqualTo(TRACE_ID);
    }

    @Test
    void of_bareGatewayHeadersWithoutAssertion_isRefused() {
        Call call = call(Map.of("x-client-id", "compliance-hq", "x-forwarded-for", "203.0.113.7"), TRACEPARENT, TRACE_ID);

        assertThatThrownBy(() -> GatewayCaller.of(call, auditApi))
                .isInstanceOf(CallerAssertionException.class).hasMessageContaining("missing");
    }

    @Test
    void of_assertionForTheOtherApp_isRefusedEvenWithBareHeadersNamingSomeoneElse() {
        Map<String, String> headers = new HashMap<>();
        headers.put(CallerAssertions.HEADER, assertion("integrator-stmarys", "patient-api"));
        headers.put("x-client-id", "compliance-hq");
        Call call = call(headers, TRACEPARENT, TRACE_ID);

        assertThatThrownBy(() -> GatewayCaller.of(call, auditApi))
                .isInstanceOf(CallerAssertionException.class).hasMessageContaining("not for this app");
    }

    @Test
    void of_noHostTrace_givesATraceWithTheCallsTraceId() {
        Call call = call(Map.of(CallerAssertions.HEADER, assertion("compliance-hq", "audit-api")), null, TRACE_ID);

        assertThat(GatewayCaller.of(call, auditApi).trace().traceId()).isEqualTo(TRACE_ID);
    }

    @Test
    void of_hostTraceOfAnotherTrace_isNotContinued() {
        Call call = call(Map.of(CallerAssertions.HEADER, assertion("compliance-hq", "audit-api")), TRACEPARENT,
                "11111111111111111111111111111111");

        assertThat(GatewayCaller.of(call, auditApi).trace().traceId()).isEqualTo("11111111111111111111111111111111");
    }
}
