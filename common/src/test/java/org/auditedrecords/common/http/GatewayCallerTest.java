package org.auditedrecords.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.TraceContext;
import java.util.Map;
import java.util.Optional;
import org.auditedrecords.common.json.Json;
import org.junit.jupiter.api.Test;

class GatewayCallerTest {
    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-b7ad6b7169203331-01";

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
    void of_gatewayHeaders_givesSubscriptionFirstForwardedHopAndHostSpan() {
        Call call = call(Map.of("x-client-id", "integrator-stmarys", "x-forwarded-for", "203.0.113.7, 10.0.0.4"),
                TRACEPARENT, TRACE_ID);

        GatewayCaller caller = GatewayCaller.of(call);

        assertThat(caller.clientId()).isEqualTo("integrator-stmarys");
        assertThat(caller.address()).isEqualTo("203.0.113.7");
        assertThat(caller.trace().toString()).isEqualTo(TRACEPARENT);
    }

    @Test
    void of_noHeaders_givesNullsAndATraceWithTheCallsTraceId() {
        Call call = call(Map.of(), null, TRACE_ID);

        GatewayCaller caller = GatewayCaller.of(call);

        assertThat(caller.clientId()).isNull();
        assertThat(caller.address()).isNull();
        assertThat(caller.trace().traceId()).isEqualTo(TRACE_ID);
    }

    @Test
    void of_controlCharactersOrOverlongValues_areDroppedOrCutToTheRegistersLimits() {
        Call call = call(Map.of("x-client-id", "evil\nforged-line", "x-forwarded-for", "1".repeat(100)),
                TRACEPARENT, TRACE_ID);

        GatewayCaller caller = GatewayCaller.of(call);

        assertThat(caller.clientId()).isNull();
        assertThat(caller.address()).hasSize(GatewayCaller.ADDRESS_MAX);
    }

    @Test
    void of_hostTraceOfAnotherTrace_isNotContinued() {
        Call call = call(Map.of(), TRACEPARENT, "11111111111111111111111111111111");

        assertThat(GatewayCaller.of(call).trace().traceId()).isEqualTo("11111111111111111111111111111111");
    }
}
